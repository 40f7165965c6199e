// Latency, failure rate and mode of a mock, validated wherever they come from: options,
// configure(), POST /__mock/config, or the MOCK_LATENCY_MS / MOCK_FAILURE_RATE environment.

export type MockMode = 'normal' | 'garbage' | 'down';

export interface MockSettings {
  latencyMs: number;
  failureRate: number;
  mode: MockMode;
}

const MODES: readonly MockMode[] = ['normal', 'garbage', 'down'];
const LATENCY = 'a non-negative number of milliseconds';
const RATE = 'a number from 0 to 1';

const isLatency = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isRate = (v: unknown): v is number => typeof v === 'number' && v >= 0 && v <= 1;
const isMode = (v: unknown): v is MockMode => MODES.includes(v as MockMode);

/** Checks a partial update; throws naming the bad field and where it came from. */
export function checkSettings(input: unknown, source: string): Partial<MockSettings> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new TypeError(`${source} must be an object with latencyMs, failureRate and/or mode`);
  }
  const { latencyMs, failureRate, mode } = input as Record<string, unknown>;
  return {
    ...(latencyMs !== undefined && { latencyMs: valid(latencyMs, isLatency, `${source}.latencyMs`, LATENCY) }),
    ...(failureRate !== undefined && { failureRate: valid(failureRate, isRate, `${source}.failureRate`, RATE) }),
    ...(mode !== undefined && { mode: valid(mode, isMode, `${source}.mode`, `one of ${MODES.join(', ')}`) }),
  };
}

/** Defaults from the environment; read when a mock starts, so tests can set them first. */
export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): MockSettings {
  return {
    latencyMs: fromEnv(env, 'MOCK_LATENCY_MS', isLatency, LATENCY),
    failureRate: fromEnv(env, 'MOCK_FAILURE_RATE', isRate, RATE),
    mode: 'normal',
  };
}

function fromEnv(env: NodeJS.ProcessEnv, name: string, ok: (v: unknown) => v is number, rule: string): number {
  const raw = env[name];
  if (raw === undefined) return 0;
  return valid(raw.trim() === '' ? Number.NaN : Number(raw), ok, name, rule, JSON.stringify(raw));
}

function valid<T>(value: unknown, ok: (v: unknown) => v is T, name: string, rule: string, shown = JSON.stringify(value)): T {
  if (!ok(value)) throw new RangeError(`${name} must be ${rule}, got ${shown}`);
  return value;
}
