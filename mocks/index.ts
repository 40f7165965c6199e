// The in-process API the gateway's tests, dev server and benchmarks start the mocks with.
import { civilAffairsApi } from './civil-affairs/server.js';
import { healthApi } from './health/server.js';
import { housingApi } from './housing/server.js';
import { serve, type DepartmentApi, type MockStats } from './http.js';
import { residentsOf, type MockDepartment, type Residents } from './residents.js';
import { DEFAULT_SEED } from './seed/population.js';
import { createRandom } from './seed/random.js';
import { checkSettings, settingsFromEnv, type MockMode } from './settings.js';

export type { MockDepartment } from './residents.js';
export type { MockMode } from './settings.js';
export type { MockStats } from './http.js';

export interface MockOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Defaults to MOCK_LATENCY_MS, else 0. */
  latencyMs?: number;
  /** Share of answers that fail in the department's style; defaults to MOCK_FAILURE_RATE, else 0. */
  failureRate?: number;
  seed?: number;
  size?: number;
}

export interface MockHandle {
  department: MockDepartment;
  /** e.g. http://127.0.0.1:41234, no trailing slash. */
  url: string;
  stats(): MockStats;
  resetStats(): void;
  configure(o: { latencyMs?: number; failureRate?: number; mode?: MockMode }): void;
  close(): Promise<void>;
}

export const DEPARTMENTS: readonly MockDepartment[] = ['civilAffairs', 'housing', 'health'];

const APIS: Record<MockDepartment, (residents: Residents) => DepartmentApi> = {
  civilAffairs: civilAffairsApi,
  housing: housingApi,
  health: healthApi,
};

export async function startMock(department: MockDepartment, options: MockOptions = {}): Promise<MockHandle> {
  const seed = options.seed ?? DEFAULT_SEED;
  const settings = { ...settingsFromEnv(), ...checkSettings({ latencyMs: options.latencyMs, failureRate: options.failureRate }, 'options') };
  const residents = residentsOf({ seed, size: options.size });
  // Build (and validate) the population now rather than inside the first request's latency.
  residents();
  const running = await serve(APIS[department](residents), {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    settings,
    // Offset per department so that, at a partial failure rate, they do not all fail on the same requests.
    random: createRandom(seed + DEPARTMENTS.indexOf(department)),
  });
  return { department, ...running };
}

export async function startMocks(
  options: MockOptions & { ports?: Partial<Record<MockDepartment, number>> } = {},
): Promise<{ mocks: Record<MockDepartment, MockHandle>; close(): Promise<void> }> {
  const { ports = {}, ...shared } = options;
  const started = await Promise.allSettled(DEPARTMENTS.map((d) => startMock(d, { ...shared, port: ports[d] ?? shared.port })));
  const handles = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const close = async (): Promise<void> => {
    await Promise.all(handles.map((h) => h.close()));
  };
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    await close();
    throw failed.reason;
  }
  const [civilAffairs, housing, health] = handles as [MockHandle, MockHandle, MockHandle];
  return { mocks: { civilAffairs, housing, health }, close };
}
