import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { DEPARTMENTS, type DepartmentKey } from '../../src/config.js';
import { credentials } from './credentials.js';
import { runLoad, type Load } from './load.js';
import { DEFAULTS, type BenchOptions } from './options.js';
import {
  gatewayEnv,
  readMetrics,
  startBaselineProcess,
  startGatewayProcess,
  startMocksProcess,
  type Mocks,
  type ProcessMetrics,
  type Server,
} from './processes.js';
import { profileFile, summarizeProfile, type ProfileSummary } from './profile.js';
import { scenario, type CacheMode, type Scenario, type ScenarioName } from './scenarios.js';

export interface ScenarioResult {
  name: ScenarioName;
  title: string;
  target: Scenario['target'];
  shape: Scenario['shape'];
  requestsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number };
  /** p50 ÷ injected latency; each department needs one sequential round trip. */
  p50OverLatency: number;
  /** Requests/s ÷ the baseline's on the same query, when both ran. */
  throughputVsBaseline?: number;
  /** Department API calls the mocks counted, per client request the server handled. */
  upstreamCallsPerRequest: Record<DepartmentKey, number>;
  errors: number;
  firstError?: string;
  /** Client requests the server handled (answered ones plus those cut off when the time was up). */
  requestsHandled: number;
  cpuMsPerRequest: number;
  peakRssMb: number;
  /** Mean ms per request in each phase, as the gateway timed them (ow_graphql_request_phase_seconds). */
  phasesMs?: Record<string, number>;
  /** Mean ms a department answer went out after the injected latency, as the mocks counted (their timers fire late). */
  departmentsLateMs: number;
  /** One-resident scenarios again at one connection, as a single clerk sees them: no queueing behind others. */
  oneConnection?: { p50Ms: number; p50OverLatency: number; phasesMs?: Record<string, number>; departmentsLateMs: number };
}

export interface BenchReport {
  finishedAt: string;
  settings: { durationS: number; warmupS: number; connections: number; latencyMs: number; cache: 'redis' | 'memory'; database: 'postgres' | 'pglite' };
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; platform: string; loadAverage: { before: number; after: number } };
  scenarios: ScenarioResult[];
  profile?: ProfileSummary;
}

type Group = { server: 'baseline' } | { server: 'gateway'; cache: CacheMode };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts the mocks, then each server in turn, measures its scenarios, and stops everything. */
export async function runBench(given: Partial<BenchOptions> = {}): Promise<BenchReport> {
  const options: BenchOptions = { ...DEFAULTS, log: () => {}, ...given };
  // Anything else running on the machine competes with the processes measured; the report says how much.
  const loadBefore = loadavg()[0]!;
  const dir = mkdtempSync(join(tmpdir(), 'ow-bench-'));
  const mocks = await startMocksProcess(options.latencyMs, dir);
  try {
    const scenarios = options.scenarios.map(scenario);
    const results: ScenarioResult[] = [];
    const groups: Group[] = [{ server: 'baseline' }, { server: 'gateway', cache: 'off' }, { server: 'gateway', cache: 'warm' }];
    for (const group of groups) {
      const mine = scenarios.filter((s) => (group.server === 'baseline' ? s.target === 'baseline' : s.target === 'gateway' && s.cache === group.cache));
      if (mine.length === 0) continue;
      const env = gatewayEnv(mocks.urls, group.server === 'gateway' ? group.cache : 'off', dir);
      const headers = await credentials(env);
      const server = group.server === 'baseline' ? await startBaselineProcess(mocks.urls, dir) : await startGatewayProcess(env, dir);
      try {
        for (const s of mine) {
          options.log(`${s.name}: ${s.title}`);
          results.push(await measure(server, s, mocks, headers, options));
        }
      } finally {
        await server.stop();
      }
    }
    compareWithBaseline(results);
    const profile = options.profile ? await profileHottest(results, scenarios, mocks, dir, options) : undefined;
    return { finishedAt: new Date().toISOString(), settings: settingsOf(options), machine: machine(loadBefore), scenarios: results, profile };
  } finally {
    await mocks.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measure(server: Server, s: Scenario, mocks: Mocks, headers: Record<string, string>, options: BenchOptions): Promise<ScenarioResult> {
  const load = { url: server.url, bodies: s.bodies, headers, connections: options.connections };
  await prepare(server, s, headers, options);
  // Requests cut off at the end of warm-up still reach the departments; let them finish first.
  await sleep(options.latencyMs * 3 + 200);
  await mocks.reset();
  const before = await readMetrics(server);
  let peakRss = before.rssBytes;
  const sampler = setInterval(() => void readMetrics(server).then((m) => (peakRss = Math.max(peakRss, m.rssBytes)), () => {}), 1000);
  const result = await runLoad({ ...load, durationS: options.durationS });
  clearInterval(sampler);
  await sleep(options.latencyMs * 3 + 200);
  const after = await readMetrics(server);
  const { calls, meanLateMs } = await mocks.stats();
  const handled = after.requests - before.requests;
  const oneConnection = s.shape === 'single' && options.connections > 1 ? await atOneConnection(server, load, mocks, options) : undefined;
  return {
    name: s.name,
    title: s.title,
    target: s.target,
    shape: s.shape,
    requestsPerSecond: result.responses / result.seconds,
    latencyMs: result.latencyMs,
    p50OverLatency: overLatency(result.latencyMs.p50, options),
    upstreamCallsPerRequest: Object.fromEntries(DEPARTMENTS.map((d) => [d, calls[d] / handled])) as Record<DepartmentKey, number>,
    errors: result.errors,
    firstError: result.firstError,
    requestsHandled: handled,
    cpuMsPerRequest: ((after.cpuSeconds - before.cpuSeconds) * 1000) / handled,
    peakRssMb: Math.max(peakRss, after.rssBytes) / 2 ** 20,
    phasesMs: phaseMeans(before, after),
    departmentsLateMs: meanLateMs,
    oneConnection,
  };
}

/** The same load from one connection for the same time: the latency a clerk alone at the counter sees. */
async function atOneConnection(server: Server, load: Omit<Load, 'durationS'>, mocks: Mocks, options: BenchOptions): Promise<ScenarioResult['oneConnection']> {
  await mocks.reset();
  const before = await readMetrics(server);
  const result = await runLoad({ ...load, connections: 1, durationS: options.durationS });
  const after = await readMetrics(server);
  const { meanLateMs } = await mocks.stats();
  return { p50Ms: result.latencyMs.p50, p50OverLatency: overLatency(result.latencyMs.p50, options), phasesMs: phaseMeans(before, after), departmentsLateMs: meanLateMs };
}

/** A latency over the injected department latency; not a number when none was injected. */
const overLatency = (ms: number, options: BenchOptions) => (options.latencyMs > 0 ? ms / options.latencyMs : Number.NaN);

/** Mean ms per request of each phase between two readings; none for a server that does not time phases. */
function phaseMeans(before: ProcessMetrics, after: ProcessMetrics): Record<string, number> | undefined {
  const means = Object.entries(after.phases).flatMap(([phase, { seconds, count }]) => {
    const n = count - (before.phases[phase]?.count ?? 0);
    return n > 0 ? [[phase, ((seconds - (before.phases[phase]?.seconds ?? 0)) * 1000) / n] as const] : [];
  });
  return means.length > 0 ? Object.fromEntries(means) : undefined;
}

/** Warms the cache (every resident asked for once) if the scenario wants it, then the JIT under load. */
async function prepare(server: Server, s: Scenario, headers: Record<string, string>, options: BenchOptions): Promise<void> {
  if (s.cache === 'warm') {
    const queue = [...s.bodies];
    const worker = async () => {
      for (let body = queue.pop(); body; body = queue.pop()) {
        const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
        const text = await res.text();
        if (!res.ok || text.includes('"errors":')) throw new Error(`${s.name}: warming the cache failed: HTTP ${res.status} ${text.slice(0, 300)}`);
      }
    };
    await Promise.all(Array.from({ length: options.connections }, worker));
  }
  if (options.warmupS > 0) await runLoad({ url: server.url, bodies: s.bodies, headers, connections: options.connections, durationS: options.warmupS });
}

function compareWithBaseline(results: ScenarioResult[]): void {
  for (const r of results) {
    const baseline = results.find((b) => b.target === 'baseline' && b.shape === r.shape);
    if (r.target === 'gateway' && baseline) r.throughputVsBaseline = r.requestsPerSecond / baseline.requestsPerSecond;
  }
}

/** The chosen gateway scenario, or the one that kept the CPU busiest, run again in a gateway started under --cpu-prof. */
async function profileHottest(results: ScenarioResult[], scenarios: Scenario[], mocks: Mocks, dir: string, options: BenchOptions): Promise<ProfileSummary | undefined> {
  const busy = (r: ScenarioResult) => r.cpuMsPerRequest * r.requestsPerSecond;
  const hottest = results.filter((r) => r.target === 'gateway').sort((a, b) => busy(b) - busy(a))[0]?.name;
  const name = options.profileScenario ?? hottest;
  if (!name || name.startsWith('baseline')) return undefined;
  const s = scenarios.find((x) => x.name === name) ?? scenario(name);
  options.log(`profiling ${s.name} under --cpu-prof`);
  const profileDir = mkdtempSync(join(dir, 'profile-'));
  const env = gatewayEnv(mocks.urls, s.cache === 'warm' ? 'warm' : 'off', dir);
  const headers = await credentials(env);
  const server = await startGatewayProcess(env, dir, profileDir);
  // Only the measured run is summarized: start-up (module loading, migrations) and warm-up are not the request path.
  const window = { fromMs: 0, toMs: 0 };
  try {
    await prepare(server, s, headers, options);
    window.fromMs = performance.now() - server.spawnedAt;
    await runLoad({ url: server.url, bodies: s.bodies, headers, connections: options.connections, durationS: options.durationS });
    window.toMs = performance.now() - server.spawnedAt;
  } finally {
    await server.stop();
  }
  // Kept beside the results (the temporary folder goes), to open in Chrome DevTools.
  let file = profileFile(profileDir);
  if (options.resultsDir) {
    mkdirSync(options.resultsDir, { recursive: true });
    copyFileSync(file, (file = join(options.resultsDir, 'latest.cpuprofile')));
  }
  return summarizeProfile(file, s.name, window);
}

function settingsOf(options: BenchOptions): BenchReport['settings'] {
  const { durationS, warmupS, connections, latencyMs } = options;
  return { durationS, warmupS, connections, latencyMs, cache: process.env.REDIS_URL ? 'redis' : 'memory', database: process.env.DATABASE_URL ? 'postgres' : 'pglite' };
}

function machine(loadBefore: number): BenchReport['machine'] {
  return {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverage: { before: loadBefore, after: loadavg()[0]! },
  };
}
