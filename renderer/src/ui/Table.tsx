import type { Key, ReactNode } from 'react';
import { cx } from './cx.js';

export interface Column<T> {
  key: string;
  header: ReactNode;
  render(row: T): ReactNode;
  /** Numbers align right, with tabular figures. */
  numeric?: boolean;
  className?: string;
}

export interface DataTableProps<T> {
  /** Read by screen readers as the table's name. */
  caption: string;
  captionHidden?: boolean;
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey(row: T): Key;
  empty?: ReactNode;
  className?: string;
  dense?: boolean;
}

export function DataTable<T>({ caption, captionHidden = true, columns, rows, rowKey, empty, className, dense }: DataTableProps<T>) {
  return (
    <div className={cx('table-wrap', className)}>
      <table className={cx('table', dense && 'table-dense')}>
        <caption className={cx(captionHidden && 'visually-hidden')}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.key} scope="col" className={cx(column.numeric && 'num', column.className)}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && empty ? (
            <tr>
              <td colSpan={columns.length} className="table-empty">
                {empty}
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={rowKey(row)}>
                {columns.map((column) => (
                  <td key={column.key} className={cx(column.numeric && 'num', column.className)}>
                    {column.render(row)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
