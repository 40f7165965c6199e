import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './processes.js';

// Reads the V8 .cpuprofile the gateway wrote on exit and adds up self time per function and per
// package, so the report says where the CPU went.

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface HotFunction {
  function: string;
  /** file:line, relative to the repository (node_modules/... for dependencies). */
  location: string;
  selfMs: number;
  /** Of the CPU time sampled (idle excluded). */
  share: number;
}

export interface ProfileSummary {
  scenario: string;
  cpuMs: number;
  functions: HotFunction[];
  /** Self time by where the code lives: a package, a gateway folder, node internals, GC. */
  areas: { area: string; selfMs: number; share: number }[];
}

export function summarizeProfile(dir: string, scenario: string, top = 20): ProfileSummary {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`No .cpuprofile in ${dir}: did the gateway exit cleanly?`);
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  // A sample's time runs until the next sample.
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0)));

  const functions = new Map<string, HotFunction>();
  const areas = new Map<string, number>();
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') continue;
    totalUs += us;
    const location = url ? `${relative(url)}:${lineNumber + 1}` : '';
    const key = `${functionName}@${location}`;
    const entry = functions.get(key) ?? { function: functionName || '(anonymous)', location, selfMs: 0, share: 0 };
    entry.selfMs += us / 1000;
    functions.set(key, entry);
    const area = areaOf(functionName, url);
    areas.set(area, (areas.get(area) ?? 0) + us / 1000);
  }
  const totalMs = totalUs / 1000;
  const ranked = [...functions.values()].sort((a, b) => b.selfMs - a.selfMs).slice(0, top);
  for (const f of ranked) f.share = f.selfMs / totalMs;
  return {
    scenario,
    cpuMs: totalMs,
    functions: ranked,
    areas: [...areas].map(([area, selfMs]) => ({ area, selfMs, share: selfMs / totalMs })).sort((a, b) => b.selfMs - a.selfMs),
  };
}

function relative(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  return path.startsWith(ROOT) ? path.slice(ROOT.length) : path;
}

/** A package name, a gateway folder (src/departments, resolvers), node internals, or V8's own entries. */
function areaOf(functionName: string, url: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : 'native / V8 builtins';
  if (url.startsWith('node:')) return 'node internals';
  const path = relative(url);
  // The innermost package, for a dependency nested in another's node_modules.
  const pkg = /^((?:@[^/]+\/)?[^/]+)/.exec(path.split('node_modules/').at(-1)!);
  if (path.includes('node_modules/') && pkg) return pkg[1]!;
  const own = /^(src\/[^/]+|resolvers|mocks)/.exec(path);
  return own ? own[1]!.replace(/\.ts$/, '') : path;
}
