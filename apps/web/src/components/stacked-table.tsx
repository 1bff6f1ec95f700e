import type { HTMLAttributes, ReactNode } from "react";

// On a phone `.stacked-table` lays each row out as a card (styles.css): tables, rows and cells get
// `display: block`, and a browser may then stop exposing them as a table (Safari does). So every
// part states its role, although it is the element's own; that is why noRedundantRoles is off here.

interface StackedTableProps {
  /** Column names, in order; an empty name is a column of actions, named for screen readers only. */
  columns: string[];
  className: string;
  /** The id of the heading that names the table. */
  labelledBy: string;
  children: ReactNode;
}

/** A table on wide screens; a stack of cards on a phone, each cell showing its column's name. */
export function StackedTable({ columns, className, labelledBy, children }: StackedTableProps) {
  return (
    // biome-ignore lint/a11y/noRedundantRoles: see above
    <table className={`table stacked-table ${className}`} role="table" aria-labelledby={labelledBy}>
      {/* biome-ignore lint/a11y/noRedundantRoles: see above */}
      <thead role="rowgroup">
        {/* biome-ignore lint/a11y/noRedundantRoles: see above */}
        <tr role="row">
          {columns.map((name) => (
            // biome-ignore lint/a11y/noRedundantRoles: see above
            <th key={name || "actions"} scope="col" role="columnheader">
              {name || <span className="visually-hidden">Actions</span>}
            </th>
          ))}
        </tr>
      </thead>
      {/* biome-ignore lint/a11y/noRedundantRoles: see above */}
      <tbody role="rowgroup">{children}</tbody>
    </table>
  );
}

export function StackedRow(props: HTMLAttributes<HTMLTableRowElement>) {
  // biome-ignore lint/a11y/noRedundantRoles: see above
  return <tr role="row" {...props} />;
}

interface StackedCellProps {
  /** The column's name, shown beside the value on a phone (decoratively: the column header names it for assistive technology). */
  column?: string;
  className?: string;
  children: ReactNode;
}

export function StackedCell({ column, className, children }: StackedCellProps) {
  return (
    // biome-ignore lint/a11y/noRedundantRoles: see above
    <td role="cell" data-label={column} className={className}>
      <div className="cell-value">{children}</div>
    </td>
  );
}
