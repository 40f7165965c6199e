import { spawn, type ChildProcess } from 'node:child_process';
import { productionEnv } from './credentials.js';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { DEPARTMENTS, type DepartmentKey } from '../../src/config.js';
import type { CacheMode } from './scenarios.js';

// The processes under test, each its own node (tsx as a loader, not a wrapper process), so the CPU
// time and memory a server reports and a --cpu-prof profile are that server's alone.

export const ROOT = new URL('../../', import.meta.url).pathname;

export type Upstreams = Record<DepartmentKey, string>;

/** Series names that give a server's CPU time, resident memory and requests handled. */
export interface MetricNames {
  cpuSeconds: string;
  rssBytes: string;
  requests: string;
}

export interface Server {
  url: string;
  /** performance.now() when the process was spawned. */
  spawnedAt: number;
  metricNames: MetricNames;
  /** SIGTERM and wait for exit (a --cpu-prof profile is written then). */
  stop(): Promise<void>;
}

/** The gateway's ow_graphql_request_phase_seconds: seconds summed and requests counted, per phase. */
export type Phases = Record<string, { seconds: number; count: number }>;

export interface ProcessMetrics {
  cpuSeconds: number;
  rssBytes: number;
  requests: number;
  phases: Phases;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function spawnNode(entry: string, env: Record<string, string>, logFile: string, nodeArgs: string[] = [], stdout: 'pipe' | 'log' = 'log', args: string[] = []): ChildProcess {
  const log = openSync(logFile, 'a');
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', entry, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', stdout === 'pipe' ? 'pipe' : log, log],
  });
  closeSync(log);
  return child;
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function stopChild(child: ChildProcess): Promise<void> {
  const done = exited(child);
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await done;
  clearTimeout(timer);
}

function failure(what: string, logFile: string): Error {
  const tail = readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n');
  return new Error(`${what}; last lines of ${logFile}:\n${tail}`);
}

async function waitUntilAnswering(url: string, child: ChildProcess, logFile: string, name: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  let gone = false;
  void exited(child).then(() => (gone = true));
  while (Date.now() < deadline) {
    if (gone) throw failure(`${name} exited before it answered`, logFile);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw failure(`${name} did not answer ${url} within 60 s`, logFile);
}

export interface Mocks {
  urls: Upstreams;
  /** Since the last reset, from the mocks' own counters: department API requests, and the mean ms an answer went out after its latency. */
  stats(): Promise<{ calls: Record<DepartmentKey, number>; meanLateMs: number }>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** One process per department mock, as the departments are separate servers. */
export async function startMocksProcess(latencyMs: number, dir: string): Promise<Mocks> {
  const children: ChildProcess[] = [];
  const stopAll = () => Promise.all(children.map(stopChild)).then(() => undefined);
  const start = async (department: DepartmentKey): Promise<Partial<Upstreams>> => {
    const logFile = join(dir, `mock-${department}.log`);
    const child = spawnNode('tests/bench/mocks-main.ts', { MOCK_LATENCY_MS: String(latencyMs), MOCK_FAILURE_RATE: '0' }, logFile, [], 'pipe', [department]);
    children.push(child);
    const first = await new Promise<string | undefined>((resolve) => {
      createInterface({ input: child.stdout! }).once('line', resolve);
      void exited(child).then(() => resolve(undefined));
    });
    if (!first) throw failure(`the ${department} mock exited before listening`, logFile);
    return JSON.parse(first) as Partial<Upstreams>;
  };
  let urls: Upstreams;
  try {
    urls = Object.assign({}, ...(await Promise.all(DEPARTMENTS.map(start)))) as Upstreams;
  } catch (error) {
    await stopAll();
    throw error;
  }
  const each = <T>(fn: (key: DepartmentKey, url: string) => Promise<T>) =>
    Promise.all(Object.entries(urls).map(async ([key, url]) => [key, await fn(key as DepartmentKey, url)] as const));
  return {
    urls,
    async stats() {
      const stats = await each(async (_, url) => (await (await fetch(`${url}/__mock/stats`)).json()) as { requests: number; answered: number; answeredLateMs: number });
      const answers = stats.reduce((n, [, st]) => n + st.answered, 0);
      const lateMs = stats.reduce((n, [, st]) => n + st.answeredLateMs, 0);
      return { calls: Object.fromEntries(stats.map(([key, st]) => [key, st.requests])) as Record<DepartmentKey, number>, meanLateMs: answers > 0 ? lateMs / answers : Number.NaN };
    },
    async reset() {
      await each((_, url) => fetch(`${url}/__mock/reset`, { method: 'POST' }).then((r) => r.arrayBuffer()));
    },
    stop: stopAll,
  };
}

const ENV_NAMES: Record<DepartmentKey, string> = { civilAffairs: 'CIVIL_AFFAIRS', housing: 'HOUSING', health: 'HEALTH' };

export function upstreamEnv(urls: Upstreams): Record<string, string> {
  return Object.fromEntries(Object.entries(urls).map(([key, url]) => [`UPSTREAM_${ENV_NAMES[key as DepartmentKey]}_URL`, url]));
}

/** The environment the gateway runs with; the bench signs its tokens with the same settings. */
export function gatewayEnv(urls: Upstreams, cache: CacheMode, dir: string): Record<string, string> {
  // Long enough that a warmed entry outlives warm-up and measurement; 0 turns the cache off.
  const ttl = cache === 'off' ? '0' : '3600';
  return {
    ...upstreamEnv(urls),
    ...Object.fromEntries(Object.values(ENV_NAMES).map((name) => [`UPSTREAM_${name}_CACHE_TTL_S`, ttl])),
    HOST: '127.0.0.1',
    DATA_DIR: 'memory://',
    AUTH_DEV_KEY_FILE: join(dir, 'dev-jwt-key.json'),
    // One clerk sending thousands of requests a second is the point here, not abuse.
    RATE_LIMIT_USER: '1000000000',
  };
}

/** The gateway on the bench's mocks (gateway-main.ts). */
export async function startGatewayProcess(env: Record<string, string>, dir: string, profileDir?: string): Promise<Server> {
  const port = await freePort();
  const logFile = join(dir, `gateway-${port}.log`);
  const nodeArgs = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
  const spawnedAt = performance.now();
  const child = spawnNode('tests/bench/gateway-main.ts', { ...env, ...(process.env.BENCH_DEVELOPMENT ? {} : await productionEnv(env)), PORT: String(port) }, logFile, nodeArgs);
  const url = `http://127.0.0.1:${port}`;
  await waitUntilAnswering(`${url}/healthz`, child, logFile, 'the gateway');
  return {
    url,
    spawnedAt,
    metricNames: { cpuSeconds: 'ow_process_cpu_seconds_total', rssBytes: 'ow_process_resident_memory_bytes', requests: 'ow_graphql_requests_total' },
    stop: () => stopChild(child),
  };
}

export async function startBaselineProcess(urls: Upstreams, dir: string): Promise<Server> {
  const port = await freePort();
  const logFile = join(dir, 'baseline.log');
  const spawnedAt = performance.now();
  const child = spawnNode('tests/bench/baseline-main.ts', { ...upstreamEnv(urls), PORT: String(port) }, logFile);
  const url = `http://127.0.0.1:${port}`;
  await waitUntilAnswering(`${url}/metrics`, child, logFile, 'the baseline aggregator');
  return {
    url,
    spawnedAt,
    metricNames: { cpuSeconds: 'baseline_process_cpu_seconds_total', rssBytes: 'baseline_process_resident_memory_bytes', requests: 'baseline_requests_total' },
    stop: () => stopChild(child),
  };
}

/** Reads the server's Prometheus text; a series with labels is summed over them. */
export async function readMetrics(server: Server): Promise<ProcessMetrics> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const sum = (name: string) => {
    let total = 0;
    for (const line of text.split('\n')) {
      if (line.startsWith(name) && (line[name.length] === ' ' || line[name.length] === '{')) total += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
    return total;
  };
  const { cpuSeconds, rssBytes, requests } = server.metricNames;
  const phases: Phases = {};
  for (const [, what, phase, value] of text.matchAll(/^ow_graphql_request_phase_seconds_(sum|count)\{phase="(\w+)"\} (\S+)$/gm)) {
    const entry = (phases[phase!] ??= { seconds: 0, count: 0 });
    entry[what === 'sum' ? 'seconds' : 'count'] = Number(value);
  }
  return { cpuSeconds: sum(cpuSeconds), rssBytes: sum(rssBytes), requests: sum(requests), phases };
}
