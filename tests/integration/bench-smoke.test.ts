import { expect, it } from 'vitest';
import { runBench } from '../bench/run.js';

// The benchmark's smoke run: it must complete, and the departments must be asked exactly once per
// client request (cache off) or not at all (warm cache). Timings are never asserted.
it('runs the gateway scenarios and asks each department once per request, or never on a warm cache', async () => {
  const report = await runBench({
    durationS: 1,
    warmupS: 0,
    connections: 2,
    profile: false,
    resultsDir: undefined,
    scenarios: ['single-cold', 'list50-cold', 'single-warm', 'list50-warm'],
  });
  const calls = Object.fromEntries(report.scenarios.map((s) => [s.name, s.upstreamCallsPerRequest]));
  const once = { civilAffairs: 1, housing: 1, health: 1 };
  const never = { civilAffairs: 0, housing: 0, health: 0 };
  expect(calls).toEqual({ 'single-cold': once, 'list50-cold': once, 'single-warm': never, 'list50-warm': never });
  for (const s of report.scenarios) {
    expect(s.errors, `${s.name}: ${s.firstError}`).toBe(0);
    expect(s.requestsHandled).toBeGreaterThan(0);
  }
}, 60_000);
