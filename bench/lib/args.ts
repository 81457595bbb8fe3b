import { parseArgs } from 'node:util';

/** Every figure, in the order they run. */
const FIGURES = ['ttfw', 'words', 'messages', 'growth', 'pacing', 'memory', 'relay', 'resume', 'processes'] as const;

export type FigureKey = (typeof FIGURES)[number];

const isFigureKey = (name: string): name is FigureKey => (FIGURES as readonly string[]).includes(name);

const USAGE = `Usage: npm run bench [-- options]      (runs node --import tsx bench/run.ts [options])
  --smoke               every figure at tiny sizes, in seconds; fails only on correctness errors
  --only LIST           comma-separated figures to run: ${FIGURES.join(', ')}
  --gateway-url URL     measure a running gateway and its workers instead of starting them
                        (memory, relay and resume need a gateway the bench starts, and are skipped)
  --word-delay-ms N     the WORD_DELAY_MS of that running stack (default 0)
  --profile DIR         node --cpu-prof the gateway and the word-producer under the e2e words/s
                        load (implies --only words) and summarise the profiles
  --no-build            measure dist/ as it is, even when older than the sources
  --out FILE            the JSON results (default bench/results/latest.json, smoke.json with --smoke)`;

export interface BenchArgs {
  help: boolean;
  smoke: boolean;
  /** The figures to run, in their order. */
  figures: FigureKey[];
  /** A running gateway to measure instead of starting the apps, without a trailing slash. */
  gatewayUrl: string | undefined;
  wordDelayMs: number;
  profileDir: string | undefined;
  /** Whether stale bundles may be rebuilt. */
  build: boolean;
  out: string | undefined;
}

function readArgs(argv: string[]): BenchArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      smoke: { type: 'boolean', default: false },
      only: { type: 'string' },
      'gateway-url': { type: 'string' },
      'word-delay-ms': { type: 'string', default: '0' },
      profile: { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  const only: string[] = values.only?.split(',').map((name) => name.trim()) ?? (values.profile ? ['words'] : [...FIGURES]);
  const unknown = only.filter((name) => !isFigureKey(name));
  if (unknown.length > 0) throw new Error(`Unknown figure(s): ${unknown.join(', ')}\n${USAGE}`);
  return {
    help: values.help,
    smoke: values.smoke,
    figures: FIGURES.filter((name) => only.includes(name)),
    gatewayUrl: values['gateway-url']?.replace(/\/$/, ''),
    wordDelayMs: Number(values['word-delay-ms']),
    profileDir: values.profile,
    build: !values['no-build'],
    out: values.out,
  };
}

export { readArgs, USAGE };
