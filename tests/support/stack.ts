import { loadConfig, type DepartmentKey } from '../../src/config.js';
import { startGateway, type Gateway } from '../../src/server.js';
import { startMocks, type MockHandle, type MockOptions } from '../../mocks/index.js';
import { createLogger } from '../../src/observability/logger.js';
import { devToken, type DevTokenRequest } from '../../src/auth/dev-tokens.js';

export interface Stack {
  gateway: Gateway;
  mocks: Record<DepartmentKey, MockHandle>;
  url: string;
  /**
   * POSTs one GraphQL request; answers the status and the parsed body. Sends, unless overridden,
   * a city-wide clerk's token and X-Purpose: counter-service; a header given as '' is not sent
   * (`{ authorization: '' }` sends no credentials), and an X-Api-Key replaces the default token.
   */
  graphql<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<{ status: number; body: T; headers: Headers }>;
  /** The headers `graphql()` sends: the defaults above merged with `extra`. */
  headers(extra?: Record<string, string>): Record<string, string>;
  /** Department API requests the mocks counted since the last reset. */
  upstreamCalls(): Record<DepartmentKey, number>;
  resetCalls(): void;
  /** Stops the gateway and starts a fresh process-state one on the same mocks and settings (a restart). */
  restart(): Promise<void>;
  /** Starts another gateway on the same mocks and settings, as a second replica would run; the caller closes it. */
  replica(): Promise<Gateway>;
  /** A development token the gateway accepts, e.g. `{ role: 'resident', idNumber }`. */
  token(request: DevTokenRequest): Promise<string>;
  close(): Promise<void>;
}

/**
 * Department mocks and a gateway over real HTTP on free ports; `env` is the gateway's environment,
 * `clock` each request's `now` (the wall clock unless given).
 */
export async function startStack(options: { env?: Record<string, string>; mocks?: MockOptions; clock?: () => Date } = {}): Promise<Stack> {
  const { mocks, close: closeMocks } = await startMocks(options.mocks ?? {});
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: 'memory://', ...options.env });
  const upstreams = { civilAffairs: mocks.civilAffairs.url, housing: mocks.housing.url, health: mocks.health.url };
  const start = () => startGateway({ config, upstreams, logger: createLogger(config.logLevel), clock: options.clock });
  const clerk = `Bearer ${await devToken(config.auth, { role: 'clerk' })}`;
  const stack: Stack = {
    gateway: await start(),
    mocks,
    get url() {
      return stack.gateway.url;
    },
    headers(extra = {}) {
      const defaults = { 'x-purpose': 'counter-service', ...('x-api-key' in extra ? {} : { authorization: clerk }) };
      return Object.fromEntries(Object.entries({ 'content-type': 'application/json', ...defaults, ...extra }).filter(([, v]) => v !== ''));
    },
    async graphql(query, variables, headers = {}) {
      const res = await fetch(`${stack.gateway.url}/graphql`, {
        method: 'POST',
        headers: stack.headers(headers),
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
    token: (request) => devToken(config.auth, request),
    async restart() {
      await stack.gateway.close();
      stack.gateway = await start();
    },
    replica: start,
    async close() {
      await stack.gateway.close();
      await closeMocks();
    },
  };
  return stack;
}
