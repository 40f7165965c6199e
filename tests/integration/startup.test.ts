import net from 'node:net';
import pg from 'pg';
import { expect, it } from 'vitest';
import { startMocks } from '../../mocks/index.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { startGateway } from '../../src/server.js';
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
      await expect(startGateway({ config, upstreams, logger: createLogger('silent') })).rejects.toThrow(/EADDRINUSE/);
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
