import type { Row } from './context';

/** The Row fields shown, each with its column title. */
const COLUMNS: readonly (readonly [Exclude<keyof Row, 'value' | 'unit'>, string])[] = [
  ['figure', '#'],
  ['name', 'measure'],
  ['shown', 'measured'],
  ['target', 'target'],
  ['result', 'result'],
];

/** The rows as one plain-text table. */
function renderTable(rows: readonly Row[]): string {
  const widths = COLUMNS.map(([key, title]) => Math.max(title.length, ...rows.map((row) => String(row[key]).length)));
  const line = (cells: readonly string[]): string => `| ${cells.map((cell, index) => String(cell).padEnd(widths[index])).join(' | ')} |`;
  return [
    line(COLUMNS.map(([, title]) => title)),
    `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`,
    ...rows.map((row) => line(COLUMNS.map(([key]) => row[key]))),
  ].join('\n');
}

export { renderTable };
