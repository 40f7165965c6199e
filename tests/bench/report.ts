import type { HotFunction } from './profile.js';
import type { BenchReport, ScenarioResult } from './run.js';

// The report as Markdown: the README's "## Benchmark" section shows this table.

const fixed = (n: number | undefined, digits: number) => (n === undefined || Number.isNaN(n) ? '—' : n.toFixed(digits));

const calls = (r: ScenarioResult) => {
  const { civilAffairs, housing, health } = r.upstreamCallsPerRequest;
  return `${fixed(civilAffairs, 2)} · ${fixed(housing, 2)} · ${fixed(health, 2)}`;
};

export function markdown(report: BenchReport): string {
  const { settings: s, machine: m } = report;
  const lines = [
    `${s.durationS} s per scenario after ${s.warmupS} s of warm-up, ${s.connections} connections, ${s.latencyMs} ms injected department latency, ${s.cache} cache, audit trail in ${s.database === 'postgres' ? 'PostgreSQL' : 'embedded PGlite'}.`,
    `Machine: ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}; mocks, server under test and load generator share it; 1-minute load average ${fixed(m.loadAverage.before, 1)} before, ${fixed(m.loadAverage.after, 1)} after. ${report.finishedAt}.`,
    '',
    `| scenario | req/s | p50 ms | p95 ms | p99 ms | p50 ÷ latency | p50 ms at 1 connection | ÷ latency | req/s ÷ baseline | upstream calls / request (civil affairs · housing · health) | errors | server CPU ms / request | peak RSS MB |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: | ---: | ---: | ---: |',
    ...report.scenarios.map(
      (r) =>
        `| ${[
        `\`${r.name}\` ${r.title}`,
        fixed(r.requestsPerSecond, 0),
        fixed(r.latencyMs.p50, 1),
        fixed(r.latencyMs.p95, 1),
        fixed(r.latencyMs.p99, 1),
        fixed(r.p50OverLatency, 2),
        fixed(r.oneConnection?.p50Ms, 1),
        fixed(r.oneConnection?.p50OverLatency, 2),
        fixed(r.throughputVsBaseline, 2),
        calls(r),
        String(r.errors),
        fixed(r.cpuMsPerRequest, 2),
        fixed(r.peakRssMb, 0),
        ].join(' | ')} |`,
    ),
  ];
  lines.push('', ...phaseLines(report));
  const errors = report.scenarios.filter((r) => r.firstError);
  if (errors.length > 0) lines.push('', ...errors.map((r) => `- \`${r.name}\` first error: ${r.firstError}`));
  if (report.profile) lines.push('', ...profileLines(report.profile));
  return lines.join('\n') + '\n';
}

const PHASES = ['before_departments', 'departments', 'after_departments', 'audit'] as const;

/** Where a request's time went: how late the departments answered, and (gateway) mean ms per request of each phase. */
function phaseLines(report: BenchReport): string[] {
  const rows = report.scenarios.flatMap((r) => [
    { name: r.name, connections: report.settings.connections, p50: r.latencyMs.p50, phases: r.phasesMs ?? {}, late: r.departmentsLateMs },
    ...(r.oneConnection ? [{ name: r.name, connections: 1, p50: r.oneConnection.p50Ms, phases: r.oneConnection.phasesMs ?? {}, late: r.oneConnection.departmentsLateMs }] : []),
  ]);
  return [
    'Where a request\'s time went: `departments late` is how long after the injected latency the mocks\' answers went out, as they counted it (mean ms per answer; a timer fires late, never early); the phases are as the gateway timed them (mean ms per request; `departments` is first call sent to last answer decoded, the others are the gateway\'s own; — where no request had the phase, e.g. `departments` on a warm cache, or for the baseline, which times none):',
    '',
    `| scenario | connections | departments late | ${PHASES.join(' | ')} | p50 ms (client) |`,
    `| --- | ---: | ---: | ${PHASES.map(() => '---:').join(' | ')} | ---: |`,
    ...rows.map((row) => `| \`${row.name}\` | ${row.connections} | ${fixed(row.late, 2)} | ${PHASES.map((p) => fixed(row.phases[p], 2)).join(' | ')} | ${fixed(row.p50, 1)} |`),
  ];
}

function profileLines(p: NonNullable<BenchReport['profile']>): string[] {
  const functions = (list: HotFunction[]) => [
    '| function | where | ms | share |',
    '| --- | --- | ---: | ---: |',
    ...list.map((f) => `| ${f.function.replaceAll('|', '\\|')} | ${f.location || '—'} | ${fixed(f.ms, 0)} | ${fixed(f.share * 100, 1)}% |`),
  ];
  return [
    `CPU profile of \`${p.scenario}\` (a gateway under --cpu-prof; ${fixed(p.cpuMs, 0)} ms of CPU sampled during the measured run). Self time by where the code lives:`,
    '',
    '| area | self ms | share |',
    '| --- | ---: | ---: |',
    ...p.areas.slice(0, 15).map((a) => `| ${a.area} | ${fixed(a.ms, 0)} | ${fixed(a.share * 100, 1)}% |`),
    '',
    'Top functions by self time:',
    '',
    ...functions(p.selfTime),
    '',
    'The gateway\'s own functions by total time (callees included; nested calls overlap):',
    '',
    ...functions(p.gatewayTotalTime.slice(0, 15)),
  ];
}
