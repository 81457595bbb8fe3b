import { EnvClass, variableNames } from './validate-env';

const HEADER = '| variable | used by | default | meaning |';

/** A row of the table; one row may document a few variables, their defaults in the same order. */
export interface ConfigurationRow {
  variables: string[];
  /** `gateway`, `word-producer` or `both`. */
  usedBy: string;
  defaults: string[];
}

/** The `## Configuration` table of the README, so that a test can hold it to the env classes. */
export class ConfigurationTable {
  constructor(readonly rows: ConfigurationRow[]) {}

  /** The variables documented for an app (its rows and those of `both`), with their defaults as written. */
  defaultsFor(app: string): Record<string, string> {
    const defaults: Record<string, string> = {};
    for (const row of this.rows.filter(({ usedBy }) => usedBy === app || usedBy === 'both')) {
      row.variables.forEach((variable, index) => (defaults[variable] = row.defaults[index]));
    }
    return defaults;
  }
}

export function configurationTable(markdown: string): ConfigurationTable {
  const section = markdown.split(/^## /m).find((text) => text.startsWith('Configuration\n')) ?? '';
  const lines = section.split('\n').filter((line) => line.startsWith('|'));
  if (lines[0] !== HEADER) throw new Error(`The README's "## Configuration" section has no table starting ${HEADER}`);
  return new ConfigurationTable(lines.slice(2).map(configurationRow));
}

function configurationRow(line: string): ConfigurationRow {
  const [variableCell, usedBy, defaultCell] = line
    .split('|')
    .slice(1, -1)
    .map((cell) => cell.trim());
  const variables = [...variableCell.matchAll(/`([A-Z0-9_]+)`/g)].map(([, name]) => name);
  const defaults = variables.length > 1 ? defaultCell.split(', ') : [defaultCell];
  return { variables, usedBy, defaults: defaults.map((cell) => (cell.startsWith('unset') ? 'unset' : cell)) };
}

/**
 * Each variable of the env classes with its default as the table writes it: `8080`, `text`, empty, or
 * unset (which the table may follow with what happens then: "unset: a fifth of `PREFETCH`").
 */
export function documentedDefaults(schemas: EnvClass[]): Record<string, string> {
  const defaults: Record<string, string> = {};
  for (const schema of schemas) {
    const instance = new schema() as Record<string, string | number | undefined>;
    for (const name of variableNames(schema)) defaults[name] = documentedDefault(instance[name]);
  }
  return defaults;
}

function documentedDefault(value: string | number | undefined): string {
  if (value === undefined) return 'unset';
  if (value === '') return 'empty';
  return `\`${String(value)}\``;
}
