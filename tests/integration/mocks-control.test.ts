import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type MockHandle } from '../../mocks/index.js';
import { population } from '../../mocks/seed/population.js';

const [first, second] = population().residents.filter((r) => r.civilAffairs);

let mock: MockHandle;
beforeAll(async () => {
  mock = await startMock('civilAffairs', { latencyMs: 0, failureRate: 0 });
});
afterAll(() => mock.close());
afterEach(() => {
  mock.configure({ latencyMs: 0, failureRate: 0, mode: 'normal' });
  mock.resetStats();
});

const batchGet = (idNumbers: string[], signal?: AbortSignal) =>
  fetch(`${mock.url}/api/v1/persons:batchGet`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ idNumbers }), signal });

/** Until the mock has counted a request (it then waits out its latency). */
const untilCounted = async () => {
  while (mock.stats().requests === 0) await new Promise((r) => setTimeout(r, 2));
};

describe('mock control', () => {
  it('counts requests, ID numbers asked for and routes', async () => {
    await batchGet([first!.idNumber, second!.idNumber]);
    await batchGet([first!.idNumber]);
    await fetch(`${mock.url}/api/v1/nothing-here`);
    expect(mock.stats()).toEqual({
      requests: 3,
      failures: 0,
      idsRequested: 3,
      byRoute: { 'POST /api/v1/persons:batchGet': 2, '(unmatched)': 1 },
      answered: 3,
      answeredLateMs: expect.any(Number),
    });
  });

  it('never answers sooner than its latency after the request was sent', async () => {
    mock.configure({ latencyMs: 15 });
    for (let i = 0; i < 20; i++) {
      const sent = performance.now();
      await (await batchGet([first!.idNumber])).arrayBuffer();
      expect(performance.now() - sent).toBeGreaterThanOrEqual(15);
    }
  });

  it('says how much later than its latency it answered', async () => {
    mock.configure({ latencyMs: 15 });
    mock.resetStats();
    let waited = 0;
    for (let i = 0; i < 20; i++) {
      const sent = performance.now();
      await (await batchGet([first!.idNumber])).arrayBuffer();
      waited += performance.now() - sent - 15;
    }
    // Late by more than nothing, and by no more than the client waited beyond the latency.
    const { answered, answeredLateMs } = mock.stats();
    expect(answered).toBe(20);
    expect(answeredLateMs).toBeGreaterThan(0);
    expect(answeredLateMs).toBeLessThanOrEqual(waited);
  });

  it('counts an answer with the stats its request was counted in, across a reset', async () => {
    mock.configure({ latencyMs: 40 });
    const answer = batchGet([first!.idNumber]).then((r) => r.arrayBuffer());
    await untilCounted();
    mock.resetStats();
    await answer;
    expect(mock.stats()).toMatchObject({ requests: 0, answered: 0, answeredLateMs: 0 });
  });

  it('does not count an answer the client gave up waiting for', async () => {
    mock.configure({ latencyMs: 40 });
    const gaveUp = new AbortController();
    const sent = batchGet([first!.idNumber], gaveUp.signal).catch(() => undefined);
    await untilCounted();
    gaveUp.abort();
    await sent;
    await new Promise((r) => setTimeout(r, 60));
    expect(mock.stats()).toMatchObject({ requests: 1, answered: 0, answeredLateMs: 0 });
  });

  it('counts injected failures, and forgets everything on reset', async () => {
    mock.configure({ failureRate: 1 });
    await batchGet([first!.idNumber]);
    expect(mock.stats()).toMatchObject({ requests: 1, failures: 1, idsRequested: 1 });
    mock.resetStats();
    expect(mock.stats()).toEqual({ requests: 0, failures: 0, idsRequested: 0, byRoute: {}, answered: 0, answeredLateMs: 0 });
  });

  it('fails about the configured share of answers', async () => {
    mock.configure({ failureRate: 0.3 });
    const statuses = await Promise.all(Array.from({ length: 200 }, async () => (await batchGet([first!.idNumber])).status));
    const failed = statuses.filter((s) => s === 503).length;
    expect(failed).toBeGreaterThan(30);
    expect(failed).toBeLessThan(90);
    expect(mock.stats().failures).toBe(failed);
  });

  it('adds the configured latency to every answer', async () => {
    mock.configure({ latencyMs: 200 });
    const started = performance.now();
    await batchGet([first!.idNumber]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('answers 200 with an HTML page instead of JSON in garbage mode', async () => {
    mock.configure({ mode: 'garbage' });
    const res = await batchGet([first!.idNumber]);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(() => JSON.parse(text)).toThrow();
    expect(text).toContain('<html>');
  });

  it('resets the connection without answering in down mode', async () => {
    mock.configure({ mode: 'down' });
    await expect(batchGet([first!.idNumber])).rejects.toThrow();
  });

  it('keeps the control endpoints answering, uncounted and without latency, while down', async () => {
    mock.configure({ mode: 'down', latencyMs: 5_000 });
    const started = performance.now();
    const stats = await fetch(`${mock.url}/__mock/stats`);
    expect(stats.status).toBe(200);
    expect(await stats.json()).toEqual({ requests: 0, failures: 0, idsRequested: 0, byRoute: {}, answered: 0, answeredLateMs: 0 });
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('is reconfigured and reset over HTTP', async () => {
    const configured = await fetch(`${mock.url}/__mock/config`, { method: 'POST', body: JSON.stringify({ failureRate: 1 }) });
    expect(await configured.json()).toEqual({ latencyMs: 0, failureRate: 1, mode: 'normal' });
    expect((await batchGet([first!.idNumber])).status).toBe(503);
    expect((await fetch(`${mock.url}/__mock/reset`, { method: 'POST' })).status).toBe(200);
    expect(mock.stats().requests).toBe(0);
  });

  it('refuses an invalid configuration over HTTP with 400 and the reason', async () => {
    const res = await fetch(`${mock.url}/__mock/config`, { method: 'POST', body: JSON.stringify({ latencyMs: -5 }) });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'config.latencyMs must be a non-negative number of milliseconds, got -5' });
  });
});
