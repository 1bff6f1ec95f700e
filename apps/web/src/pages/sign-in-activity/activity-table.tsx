import { TextWithEmails } from "../../components/email.tsx";
import { RelativeTime } from "../../components/relative-time.tsx";
import { StackedCell, StackedRow, StackedTable } from "../../components/stacked-table.tsx";
import { type ActivityEvent, describeEvent } from "./describe-event.ts";
import { FailureHelp } from "./failure-help.tsx";

const COLUMNS = ["When", "Event", "Person"];

function ActivityRow({ event }: { event: ActivityEvent }) {
  const { text, tone, note, person } = describeEvent(event);
  return (
    <StackedRow className={tone === "failure" ? "activity-row activity-row-failure" : "activity-row"}>
      <StackedCell column="When" className="nowrap activity-when">
        <RelativeTime iso={event.createdAt} />
      </StackedCell>
      <StackedCell column="Event" className="activity-event-cell">
        <span className="activity-event">
          <span className={`activity-dot activity-dot-${tone}`} aria-hidden="true" />
          <span>
            <TextWithEmails text={text} />
          </span>
        </span>
        {note && <p className="activity-note muted">{note}</p>}
        {event.repeatCount > 1 && (
          <p className="activity-note muted">
            {event.repeatCount} times, the last <RelativeTime iso={event.lastSeenAt ?? event.createdAt} />
          </p>
        )}
        {event.type === "signin.failure" && <FailureHelp code={event.code} />}
      </StackedCell>
      <StackedCell column="Person" className="activity-person">
        {person ? <TextWithEmails text={person} /> : <span className="muted">Unknown</span>}
        {event.idpSubject && <span className="activity-subject">IdP subject: {event.idpSubject}</span>}
      </StackedCell>
    </StackedRow>
  );
}

/** Newest first: When, Event (with the reason and fix for a failure), Person. */
export function ActivityTable({ events, labelledBy }: { events: ActivityEvent[]; labelledBy: string }) {
  return (
    <div className="table-scroll">
      <StackedTable columns={COLUMNS} className="activity-table" labelledBy={labelledBy}>
        {events.map((event) => (
          <ActivityRow key={event.id} event={event} />
        ))}
      </StackedTable>
    </div>
  );
}
