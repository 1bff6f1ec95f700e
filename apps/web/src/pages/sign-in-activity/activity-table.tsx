import { RelativeTime } from "../../components/relative-time.tsx";
import { type ActivityEvent, describeEvent } from "./describe-event.ts";
import { FailureHelp } from "./failure-help.tsx";

function ActivityRow({ event }: { event: ActivityEvent }) {
  const { text, tone, note, person } = describeEvent(event);
  return (
    <tr className={tone === "failure" ? "activity-row activity-row-failure" : "activity-row"}>
      <td className="nowrap activity-when">
        <RelativeTime iso={event.createdAt} />
      </td>
      <td>
        <span className="activity-event">
          <span className={`activity-dot activity-dot-${tone}`} aria-hidden="true" />
          {text}
        </span>
        {note && <p className="activity-note muted">{note}</p>}
        {event.repeatCount > 1 && (
          <p className="activity-note muted">
            {event.repeatCount} times, the last <RelativeTime iso={event.lastSeenAt ?? event.createdAt} />
          </p>
        )}
        {event.type === "signin.failure" && <FailureHelp code={event.code} />}
      </td>
      <td className="activity-person">
        {person ? <span className="break-all">{person}</span> : <span className="muted">Unknown</span>}
        {event.idpSubject && <span className="activity-subject">IdP subject: {event.idpSubject}</span>}
      </td>
    </tr>
  );
}

/** Newest first: When, Event (with the reason and fix for a failure), Person. */
export function ActivityTable({ events }: { events: ActivityEvent[] }) {
  return (
    <div className="table-scroll">
      <table className="table activity-table">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Event</th>
            <th scope="col">Person</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <ActivityRow key={event.id} event={event} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
