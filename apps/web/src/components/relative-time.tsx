import { formatDateTime, formatRelativeTime } from "../lib/format-time.ts";

/** A relative time whose exact date shows on hover. */
export function RelativeTime({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {formatRelativeTime(iso)}
    </time>
  );
}
