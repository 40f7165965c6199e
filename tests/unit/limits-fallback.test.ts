import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { RateLimiter, type WindowCounter } from '../../src/limits/rate-limit.js';
import type { Viewer } from '../../src/auth/viewer.js';

// The shared counter failing (Redis away): the limiter counts in this process instead of letting everything through.

const clerk: Viewer = { kind: 'staff', subject: 'clerk-1', role: 'clerk', jurisdiction: { city: true } };
const unavailable: WindowCounter = { increment: () => Promise.reject(new Error('Connection is closed.')) };
const limits = { windowSeconds: 60, user: 3, app: { basic: 1, standard: 1, premium: 1 } };

function limiter() {
  const warnings: string[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(JSON.parse(line).msg) });
  return { limiter: new RateLimiter(unavailable, limits, 'test', logger), warnings };
}

describe('rate limits while the shared counter is unavailable', () => {
  it('still refuses a user past the limit, counting in process memory', async () => {
    const { limiter: l } = limiter();
    const start = Date.UTC(2026, 2, 2, 9, 0, 0);
    for (let i = 0; i < 3; i++) await l.check(clerk, start + i);
    await expect(l.check(clerk, start + 3)).rejects.toMatchObject({ extensions: { code: 'RATE_LIMITED' } });
  });

  it('logs the outage once a minute, not once a request', async () => {
    const { limiter: l, warnings } = limiter();
    const start = Date.UTC(2026, 2, 2, 9, 0, 0);
    const user = (n: number): Viewer => ({ ...clerk, subject: `clerk-${n}` });
    for (let s = 0; s < 60; s += 10) await l.check(user(s), start + s * 1000);
    expect(warnings).toEqual(['rate-limit counter unavailable: counting per replica in memory until it returns']);
    await l.check(user(60), start + 60_000);
    expect(warnings).toHaveLength(2);
  });
});
