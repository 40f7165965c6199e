import net from 'node:net';
import { exportSPKI, generateKeyPair } from 'jose';
import pg from 'pg';
import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { startMocks } from '../../mocks/index.js';
import { DEV_HOOK_SECRETS, loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { PGLITE_IN_PRODUCTION, startGateway } from '../../src/server.js';
import { POSTGRES_URL, describeWithPostgres, freshPostgresDatabase } from '../support/services.js';

describeWithPostgres('a gateway that cannot start', () => {
  it('fails with the reason and leaves no database connection open behind it', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as net.AddressInfo).port;
    const fresh = await freshPostgresDatabase();
    const { mocks, close } = await startMocks();
    try {
      const config = loadConfig({ PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATABASE_URL: fresh.url });
      const upstreams = { civilAffairs: mocks.civilAffairs.url, housing: mocks.housing.url, health: mocks.health.url };
      // Reported once, by the rejection: not also printed to stderr as a WebSocket server's internal fault.
      const printed = vi.spyOn(console, 'error');
      try {
        await expect(startGateway({ config, upstreams, logger: createLogger('silent') })).rejects.toThrow(/EADDRINUSE/);
        expect(printed).not.toHaveBeenCalled();
      } finally {
        printed.mockRestore();
      }
      const admin = new pg.Client({ connectionString: POSTGRES_URL });
      await admin.connect();
      const { rows } = await admin.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [new URL(fresh.url).pathname.slice(1)]);
      await admin.end();
      expect(rows[0].n).toBe(0);
    } finally {
      taken.close();
      await close();
      await fresh.drop();
    }
  });
});

describe('a gateway on embedded PGlite', () => {
  /** The warnings a gateway logs while starting and stopping with `env` (no DATABASE_URL). */
  async function warningsStarting(env: Record<string, string>): Promise<string[]> {
    const logs: { level: number; msg: string }[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void logs.push(JSON.parse(line)) });
    const { mocks, close } = await startMocks();
    try {
      const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: 'memory://', ...env });
      const upstreams = { civilAffairs: mocks.civilAffairs.url, housing: mocks.housing.url, health: mocks.health.url };
      const gateway = await startGateway({ config, upstreams, logger });
      await gateway.close();
    } finally {
      await close();
    }
    return logs.filter((l) => l.level === 40).map((l) => l.msg);
  }

  it('warns in production that its commits are not flushed to disk, and names DATABASE_URL', async () => {
    const { publicKey } = await generateKeyPair('EdDSA');
    const production = {
      NODE_ENV: 'production',
      AUTH_PUBLIC_KEY: await exportSPKI(publicKey),
      AUTH_ALGORITHM: 'EdDSA',
      PUBLIC_URL: 'http://127.0.0.1',
      HOOK_SECRET_CIVIL_AFFAIRS: DEV_HOOK_SECRETS.civilAffairs,
      HOOK_SECRET_HOUSING: DEV_HOOK_SECRETS.housing,
      HOOK_SECRET_HEALTH: DEV_HOOK_SECRETS.health,
    };
    expect(await warningsStarting(production)).toContain(PGLITE_IN_PRODUCTION);
    expect(PGLITE_IN_PRODUCTION).toMatch(/DATABASE_URL/);
  });

  it('says nothing of it in development, where PGlite is the default', async () => {
    expect(await warningsStarting({ NODE_ENV: 'development' })).not.toContain(PGLITE_IN_PRODUCTION);
  });
});

describe('a gateway that is listening', () => {
  it('logs an error its HTTP server reports (EMFILE on accept) and goes on serving', async () => {
    const logs: { level: number; msg: string; err?: { message?: string } }[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => void logs.push(JSON.parse(line)) });
    const { mocks, close } = await startMocks();
    try {
      const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: 'memory://' });
      const upstreams = { civilAffairs: mocks.civilAffairs.url, housing: mocks.housing.url, health: mocks.health.url };
      const gateway = await startGateway({ config, upstreams, logger });
      try {
        // With no listener, an 'error' event throws where it is emitted, and from Node's accept, ends the process.
        expect(() => gateway.httpServer.emit('error', Object.assign(new Error('accept EMFILE'), { code: 'EMFILE' }))).not.toThrow();
        expect(logs.map((l) => [l.msg, l.err?.message])).toEqual([['the HTTP server reported an error', 'accept EMFILE']]);
        expect((await fetch(`${gateway.url}/healthz`)).status).toBe(200);
      } finally {
        await gateway.close();
      }
    } finally {
      await close();
    }
  });
});
