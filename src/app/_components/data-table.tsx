// The console's one table: named for assistive technology (a visible caption or an aria-label),
// column headers with scope, numbers right-aligned in tabular figures, one empty-state row.
// Not a client component: it holds no state, so server and client components alike can render
// it with their cell renderers (functions cannot be passed into a client component from a server one).
import type { CSSProperties, HTMLAttributes, Key, ReactNode, TdHTMLAttributes } from 'react';

/** `data-*` attributes (test ids, a row's status) for rows and cells. */
export type DataAttributes = { [name: `data-${string}`]: string | number | boolean | undefined };

export type Column<Row> = {
  /** Header text; also read out for every cell of the column. */
  header: string;
  /** For columns of buttons: the header is only read out, not shown. */
  isHeaderHidden?: boolean;
  cell: (row: Row) => ReactNode;
  /** Counts, credits, durations: right-aligned, digits in columns. */
  isNumeric?: boolean;
  align?: 'start' | 'center' | 'end';
  width?: CSSProperties['width'];
  cellProps?: (row: Row) => TdHTMLAttributes<HTMLTableCellElement> & DataAttributes;
};

/** A table needs a name: a visible caption, or a label where a heading already shows one. */
type Name = { caption: ReactNode; label?: never } | { label: string; caption?: never };

type Props<Row> = Name & {
  columns: readonly Column<Row>[];
  /** undefined while loading: no empty-state row until the answer is in. */
  rows: readonly Row[] | undefined;
  rowKey?: (row: Row, index: number) => Key;
  rowProps?: (row: Row) => HTMLAttributes<HTMLTableRowElement> & DataAttributes;
  /** Shown in one full-width row when there are no rows. */
  empty?: ReactNode;
  testId?: string;
  style?: CSSProperties;
};

function alignClass<Row>(column: Column<Row>): string | undefined {
  if (column.isNumeric) return 'num';
  if (column.align === 'end') return 'align-end';
  if (column.align === 'center') return 'align-center';
  return undefined;
}

const joinClasses = (...names: (string | undefined)[]) =>
  names.filter(Boolean).join(' ') || undefined;

export function DataTable<Row>({
  columns,
  rows,
  rowKey = (_row, index) => index,
  rowProps,
  empty,
  caption,
  label,
  testId,
  style,
}: Props<Row>) {
  // The wrapper scrolls a wide table by itself, so a narrow screen never scrolls the whole page.
  return (
    <div className="table-scroll">
      <table className="data-table" aria-label={label} data-testid={testId} style={style}>
        {caption !== undefined && <caption>{caption}</caption>}
        <thead>
          <tr>
            {columns.map((column, index) => (
              <th
                key={index}
                scope="col"
                className={alignClass(column)}
                style={column.width === undefined ? undefined : { width: column.width }}
              >
                {column.isHeaderHidden ? (
                  <span className="visually-hidden">{column.header}</span>
                ) : (
                  column.header
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows?.map((row, rowIndex) => (
            <tr key={rowKey(row, rowIndex)} {...rowProps?.(row)}>
              {columns.map((column, index) => {
                const props = column.cellProps?.(row);
                return (
                  <td
                    key={index}
                    {...props}
                    className={joinClasses(alignClass(column), props?.className)}
                  >
                    {column.cell(row)}
                  </td>
                );
              })}
            </tr>
          ))}
          {rows?.length === 0 && empty !== undefined && (
            <tr>
              <td colSpan={columns.length} className="muted">
                {empty}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
