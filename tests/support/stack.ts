import { loadConfig, type DepartmentKey } from '../../src/config.js';
import { startGateway, type Gateway } from '../../src/server.js';
import { startMocks, type MockHandle, type MockOptions } from '../../mocks/index.js';
import { createLogger } from '../../src/observability/logger.js';

export interface Stack {
  gateway: Gateway;
  mocks: Record<DepartmentKey, MockHandle>;
  url: string;
  /** POSTs one GraphQL request; answers the status and the parsed body. */
  graphql<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<{ status: number; body: T; headers: Headers }>;
  /** Department API requests the mocks counted since the last reset. */
  upstreamCalls(): Record<DepartmentKey, number>;
  resetCalls(): void;
  close(): Promise<void>;
}

/** Department mocks and a gateway over real HTTP on free ports; `env` is the gateway's environment. */
export async function startStack(options: { env?: Record<string, string>; mocks?: MockOptions } = {}): Promise<Stack> {
  const { mocks, close: closeMocks } = await startMocks(options.mocks ?? {});
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: 'memory://', ...options.env });
  const upstreams = { civilAffairs: mocks.civilAffairs.url, housing: mocks.housing.url, health: mocks.health.url };
  const gateway = await startGateway({ config, upstreams, logger: createLogger(config.logLevel) });
  return {
    gateway,
    mocks,
    url: gateway.url,
    async graphql(query, variables, headers = {}) {
      const res = await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, body: (await res.json()) as never, headers: res.headers };
    },
    upstreamCalls: () => ({
      civilAffairs: mocks.civilAffairs.stats().requests,
      housing: mocks.housing.stats().requests,
      health: mocks.health.stats().requests,
    }),
    resetCalls: () => Object.values(mocks).forEach((m) => m.resetStats()),
    async close() {
      await gateway.close();
      await closeMocks();
    },
  };
}
