import type { Row } from './context';

/** What a figure knows about one of its measures; row() makes the table line of it. */
export interface RowOptions {
  figure: string;
  name: string;
  value?: number | null;
  unit?: string;
  /** Shown instead of `value unit`. */
  text?: string;
  /** A row with a target is judged: PASS when `pass` and the value is finite, else FAIL (a missing value fails). */
  target?: string;
  pass?: boolean;
  /** The figure's correctness errors: with any, the row shows no number. */
  errors?: number;
  smoke?: boolean;
}

/**
 * One line of the results table. A row of a figure that had correctness errors shows no number;
 * in a smoke run targets are shown but not judged, the sizes being too small to mean anything.
 */
function row({ figure, name, value, unit = '', text, target, pass, errors = 0, smoke = false }: RowOptions): Row {
  let result: Row['result'] = '';
  if (errors > 0) result = 'ERROR';
  else if (target !== undefined) result = smoke ? 'smoke' : pass && Number.isFinite(value) ? 'PASS' : 'FAIL';
  const shown =
    errors > 0 ? `not reported (${errors} correctness error${errors === 1 ? '' : 's'})` : (text ?? `${format(value)} ${unit}`.trim());
  return { figure, name, value: errors > 0 ? null : (value ?? null), unit, shown, target: target ?? '', result };
}

function skippedRow(figure: string, name: string, reason: string): Row {
  return { figure, name, value: null, unit: '', shown: `skipped: ${reason}`, target: '', result: 'SKIP' };
}

/** 12,345 for big numbers, 3 significant digits for small ones. */
function format(value: number | null | undefined): string {
  if (value === undefined || value === null || Number.isNaN(value)) return 'n/a';
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return Number(value.toPrecision(3)).toString();
}

export { row, skippedRow, format };
