import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { devToken } from '../../src/auth/dev-tokens.js';
import { loadConfig } from '../../src/config.js';
import { demoKnownTo } from '../support/demo.js';

// `npm start` as a newcomer runs it: one process, embedded mocks, a clean exit on SIGTERM.
describe('npm start (src/main.ts)', () => {
  it('serves /healthz and a resident on the embedded mocks, then shuts down cleanly on SIGTERM', async () => {
    const child = spawn('node_modules/.bin/tsx', ['src/main.ts'], {
      // NODE_ENV as `npm start` has it, not vitest's 'test' (under which Apollo installs no signal handlers of its own).
      env: { ...process.env, NODE_ENV: 'development', PORT: '0', HOST: '127.0.0.1', DATA_DIR: 'memory://', LOG_LEVEL: 'info', REDIS_URL: '', DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const listening = /"url":"(http:\/\/[^"]+)\/graphql"[^\n]*gateway listening/.exec(out);
        if (listening) resolve(listening[1]!);
      });
      child.on('exit', (code) => reject(new Error(`exited with ${code} before listening:\n${out}`)));
    });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const ready = (await (await fetch(`${url}/readyz`)).json()) as { departments: Record<string, { status: string }> };
    expect(Object.keys(ready.departments)).toEqual(['civilAffairs', 'housing', 'health']);
    const demo = demoKnownTo('CIVIL_AFFAIRS', 'HOUSING', 'HEALTH');
    const token = await devToken(loadConfig({ DATA_DIR: 'memory://' }).auth, { role: 'clerk' });
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': 'counter-service' },
      body: JSON.stringify({ query: `{ resident(idNumber: "${demo.idNumber}") { name housing { asOf } } }` }),
    });
    expect(((await res.json()) as any).data.resident.name).toBe(demo.name);

    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });
});
