import { parseArgs } from 'node:util';
import { SCENARIO_NAMES, type ScenarioName } from './scenarios.js';

export interface BenchOptions {
  /** Measured seconds per scenario. */
  durationS: number;
  /** Seconds of load before measuring, so the JIT and the connection pools are warm. */
  warmupS: number;
  connections: number;
  /** Injected into every department mock answer. */
  latencyMs: number;
  scenarios: ScenarioName[];
  /** Re-run a gateway scenario under --cpu-prof and report its top functions. */
  profile: boolean;
  /** Which one; by default the one that kept the gateway's CPU busiest. */
  profileScenario?: ScenarioName;
  /** Where latest.json and latest.md go; none: not written. */
  resultsDir?: string;
  /** Progress lines; the CI test passes a no-op. */
  log: (line: string) => void;
}

export const DEFAULTS: Omit<BenchOptions, 'log'> = {
  durationS: 10,
  warmupS: 3,
  connections: 10,
  latencyMs: 20,
  scenarios: [...SCENARIO_NAMES],
  profile: true,
  resultsDir: new URL('./results/', import.meta.url).pathname,
};

/** A few seconds in all: what CI runs. */
export const SMOKE: Partial<BenchOptions> = { durationS: 1, warmupS: 0.3, connections: 4, profile: false };

const USAGE = `npm run bench -- [options]
  --duration <s>       measured seconds per scenario (default ${DEFAULTS.durationS})
  --warmup <s>         seconds of load before each measurement (default ${DEFAULTS.warmupS})
  --concurrency <n>    connections kept busy by the load generator (default ${DEFAULTS.connections})
  --latency <ms>       injected department latency (default ${DEFAULTS.latencyMs})
  --scenarios <a,b>    any of ${SCENARIO_NAMES.join(', ')} (default: all)
  --smoke              a few seconds in all, no profile (what CI runs)
  --profile / --no-profile  profile the hottest gateway scenario (default: on, off with --smoke)
  --profile-scenario <name>  profile this gateway scenario instead
  --out <dir>          where latest.json and latest.md go (default tests/bench/results)`;

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string' },
      warmup: { type: 'string' },
      concurrency: { type: 'string' },
      latency: { type: 'string' },
      scenarios: { type: 'string' },
      smoke: { type: 'boolean' },
      profile: { type: 'boolean' },
      'no-profile': { type: 'boolean' },
      'profile-scenario': { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const base = { ...DEFAULTS, ...(values.smoke ? SMOKE : {}) };
  return {
    durationS: positive(values.duration, 'duration', base.durationS),
    warmupS: positive(values.warmup, 'warmup', base.warmupS, true),
    connections: Math.round(positive(values.concurrency, 'concurrency', base.connections)),
    latencyMs: positive(values.latency, 'latency', base.latencyMs, true),
    scenarios: values.scenarios ? scenarioList(values.scenarios) : base.scenarios,
    profile: values['no-profile'] ? false : (values.profile ?? base.profile),
    profileScenario: values['profile-scenario'] ? scenarioList(values['profile-scenario'])[0] : undefined,
    resultsDir: values.out ?? base.resultsDir,
    log: (line) => console.error(line),
  };
}

function positive(raw: string | undefined, name: string, fallback: number, zeroOk = false): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || (n === 0 && !zeroOk)) throw new Error(`--${name} must be a ${zeroOk ? 'non-negative' : 'positive'} number, got ${raw}\n${USAGE}`);
  return n;
}

function scenarioList(raw: string): ScenarioName[] {
  const names = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !SCENARIO_NAMES.includes(n as ScenarioName));
  if (unknown.length > 0 || names.length === 0) throw new Error(`Unknown scenario ${unknown.join(', ')}; choose from ${SCENARIO_NAMES.join(', ')}`);
  return names as ScenarioName[];
}
