import type { BenchContext, Figure, Row, Section } from './context';
import { Problems } from './problems';
import { skippedRow } from './rows';
import { FigureSkipped } from './skip';

/** A figure's section, with its key and how long it took. */
export interface FigureSection extends Section {
  key: string;
  seconds: number;
}

/**
 * Runs one figure and always returns a section for the table: its rows, its data and its
 * problems. A figure that cannot run here is skipped; one that breaks counts as an error.
 */
async function runFigure(ctx: BenchContext, figure: Figure): Promise<FigureSection> {
  const startedAt = Date.now();
  const seconds = () => Math.round((Date.now() - startedAt) / 100) / 10;
  try {
    const section = await figure.run(ctx);
    const crashes = ctx.stacks.crashed();
    for (const crash of crashes) section.problems.add(crash);
    // Nothing measured on an app that died is reported, whatever its rows said when they were made.
    const rows = crashes.length === 0 ? section.rows : section.rows.map((row) => crashedRow(row));
    return { key: figure.key, seconds: seconds(), ...section, rows };
  } catch (error) {
    const problems = new Problems();
    if (error instanceof FigureSkipped)
      return { key: figure.key, seconds: seconds(), rows: [skippedRow(figure.figure, figure.label, error.message)], data: {}, problems };
    const message = error instanceof Error ? error.message : String(error);
    const detail = error instanceof Error ? (error.stack ?? String(error)) : String(error);
    problems.add(`${figure.label} could not run: ${detail}`);
    for (const crash of ctx.stacks.crashed()) problems.add(crash);
    const failed: Row = {
      figure: figure.figure,
      name: figure.label,
      value: null,
      unit: '',
      shown: `failed: ${message.split('\n')[0]}`,
      target: '',
      result: 'ERROR',
    };
    return { key: figure.key, seconds: seconds(), rows: [failed], data: {}, problems };
  }
}

function crashedRow(row: Row): Row {
  return { ...row, value: null, shown: 'not reported (an app exited unexpectedly)', result: 'ERROR' };
}

export { runFigure };
