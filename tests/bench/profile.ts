import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './processes.js';

// Reads the V8 .cpuprofile the gateway wrote on exit and adds up time per function and per
// package, so the report says where the CPU went.

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface HotFunction {
  function: string;
  /** Relative to the repository (node_modules/... for dependencies), with the line when V8 knows it. */
  location: string;
  ms: number;
  /** Of the CPU time sampled (idle excluded). */
  share: number;
}

export interface ProfileSummary {
  scenario: string;
  /** The .cpuprofile, for Chrome DevTools or speedscope. */
  file: string;
  cpuMs: number;
  /** Self time by where the code lives: a package, a gateway folder, node internals, GC. */
  areas: { area: string; ms: number; share: number }[];
  /** Self time: where the CPU actually was. */
  selfTime: HotFunction[];
  /** The gateway's own functions (src/, resolvers/) by total time, callees included. */
  gatewayTotalTime: HotFunction[];
}

export function profileFile(dir: string): string {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`No .cpuprofile in ${dir}: did the gateway exit cleanly?`);
  return join(dir, file);
}

/** Milliseconds since the process started: only samples inside the window count (start-up is left out). */
export interface Window {
  fromMs: number;
  toMs: number;
}

export function summarizeProfile(file: string, scenario: string, window: Window, top = 20): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  // A sample's time runs until the next sample.
  let atUs = 0;
  profile.samples.forEach((id, i) => {
    atUs += profile.timeDeltas[i] ?? 0;
    if (atUs < window.fromMs * 1000 || atUs > window.toMs * 1000) return;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
  });

  const self = new Map<string, HotFunction>();
  const total = new Map<string, HotFunction>();
  const areas = new Map<string, number>();
  const add = (into: Map<string, HotFunction>, node: ProfileNode, us: number) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const location = url ? `${relative(url)}${lineNumber > 0 ? `:${lineNumber + 1}` : ''}` : '';
    const key = `${functionName}@${location}`;
    const entry = into.get(key) ?? { function: functionName || '(anonymous)', location, ms: 0, share: 0 };
    entry.ms += us / 1000;
    into.set(key, entry);
    return key;
  };
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    if (node.callFrame.functionName === '(idle)') continue;
    totalUs += us;
    add(self, node, us);
    const area = areaOf(node.callFrame.functionName, node.callFrame.url);
    areas.set(area, (areas.get(area) ?? 0) + us / 1000);
    // Each of the gateway's functions on this stack once, however deep the recursion.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!;
      if (!isGatewayCode(frame.callFrame.url)) continue;
      const key = `${frame.callFrame.functionName}@${frame.callFrame.url}:${frame.callFrame.lineNumber}`;
      if (!seen.has(key)) add(total, frame, us);
      seen.add(key);
    }
  }
  const cpuMs = totalUs / 1000;
  const ranked = (m: Map<string, HotFunction>) =>
    [...m.values()]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, top)
      .map((f) => ({ ...f, share: f.ms / cpuMs }));
  return {
    scenario,
    file: relative(file),
    cpuMs,
    areas: [...areas].map(([area, ms]) => ({ area, ms, share: ms / cpuMs })).sort((a, b) => b.ms - a.ms),
    selfTime: ranked(self),
    gatewayTotalTime: ranked(total),
  };
}

function relative(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  return path.startsWith(ROOT) ? path.slice(ROOT.length) : path;
}

const isGatewayCode = (url: string) => /^(src|resolvers)\//.test(relative(url));

/** A package name, a gateway folder (src/departments, resolvers), node internals, or V8's own entries. */
function areaOf(functionName: string, url: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : 'native / V8 builtins';
  if (url.startsWith('node:')) return 'node internals';
  // Only the embedded database (PGlite) runs WebAssembly in the gateway.
  if (url.startsWith('wasm://')) return 'WebAssembly (PGlite)';
  const path = relative(url);
  if (path.includes('node_modules/')) {
    // The innermost package, for a dependency nested in another's node_modules.
    return /^((?:@[^/]+\/)?[^/]+)/.exec(path.split('node_modules/').at(-1)!)![1]!;
  }
  const own = /^(src\/[^/]+|resolvers)/.exec(path);
  return own ? own[1]!.replace(/\.ts$/, '') : path;
}
