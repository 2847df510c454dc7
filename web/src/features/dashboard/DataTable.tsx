import type { ReactNode } from 'react';

export interface TableColumn {
  key: string;
  header: string;
  /** Numbers align right. */
  numeric?: boolean;
}

export interface TableRow {
  key: string;
  /** The row's header cell (the month, week, kind…). */
  head: ReactNode;
  cells: Record<string, ReactNode>;
  /** A totals row, set apart. */
  total?: boolean;
}

/**
 * A chart's figures as a real table: a caption, column headers and a header cell per row.
 * It scrolls sideways inside its own focusable region on a narrow screen.
 */
export function DataTable({ caption, headHeader, columns, rows }: { caption: string; headHeader: string; columns: TableColumn[]; rows: TableRow[] }) {
  return (
    <div className="dash-table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table className="dash-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{headHeader}</th>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={c.numeric ? 'dash-num' : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} className={r.total ? 'dash-total' : undefined}>
              <th scope="row">{r.head}</th>
              {columns.map((c) => (
                <td key={c.key} className={c.numeric ? 'dash-num' : undefined}>
                  {r.cells[c.key]}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
