'use strict';
const { Problems } = require('./problems');
const { skippedRow } = require('./rows');
const { FigureSkipped } = require('./skip');

/**
 * Runs one figure and always returns a section for the table: its rows, its data and its
 * problems. A figure that cannot run here is skipped; one that breaks counts as an error.
 */
async function runFigure(ctx, figure) {
  const startedAt = Date.now();
  const seconds = () => Math.round((Date.now() - startedAt) / 100) / 10;
  try {
    const section = await figure.run(ctx);
    for (const crash of ctx.stacks.crashed()) section.problems.add(crash);
    return { key: figure.key, seconds: seconds(), ...section };
  } catch (error) {
    const problems = new Problems();
    if (error instanceof FigureSkipped)
      return { key: figure.key, seconds: seconds(), rows: [skippedRow(figure.figure, figure.label, error.message)], data: {}, problems };
    problems.add(`${figure.label} could not run: ${error.stack ?? error}`);
    for (const crash of ctx.stacks.crashed()) problems.add(crash);
    const failed = {
      figure: figure.figure,
      name: figure.label,
      value: null,
      unit: '',
      shown: `failed: ${error.message.split('\n')[0]}`,
      target: '',
      result: 'ERROR',
    };
    return { key: figure.key, seconds: seconds(), rows: [failed], data: {}, problems };
  }
}

module.exports = { runFigure };
