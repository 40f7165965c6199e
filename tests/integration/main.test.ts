import { spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
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

  it('on a port in use, exits with 1 and one log line naming the port and PORT, not a stack trace', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      const child = spawn('node_modules/.bin/tsx', ['src/main.ts'], {
        env: { ...process.env, NODE_NO_WARNINGS: '1', NODE_ENV: 'development', PORT: String(port), HOST: '127.0.0.1', DATA_DIR: 'memory://', LOG_LEVEL: 'info', REDIS_URL: '', DATABASE_URL: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => void (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => void (err += chunk.toString()));
      const [code] = await once(child, 'exit');
      expect(code).toBe(1);
      const fatal = out
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { level: number; msg: string; err?: { code?: string } })
        .filter((line) => line.level === 60);
      expect(fatal).toHaveLength(1);
      expect(fatal[0]!.msg).toBe(`the gateway could not start: port ${port} on 127.0.0.1 is in use; stop what listens there, or set PORT`);
      expect(fatal[0]!.err?.code).toBe('EADDRINUSE');
      expect(err).toBe('');
    } finally {
      taken.close();
    }
  });
});
