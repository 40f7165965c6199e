import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { Logger } from 'pino';
import type { Config, DepartmentKey } from './config.js';
import { MemoryCache } from './cache/memory-cache.js';
import { RedisCache } from './cache/redis-cache.js';
import { openDatabase, type Database } from './db/database.js';
import { migrate } from './db/migrate.js';
import { connectRedis, waitForRedis } from './redis.js';
import type { Redis } from 'ioredis';
import type { EntityCache } from './cache/cache.js';
import { buildContext, type GatewayContext } from './context.js';
import { createDepartments, type Departments } from './departments/index.js';
import { formatError } from './observability/format-error.js';
import { createLogger } from './observability/logger.js';
import { createMetrics, type Metrics } from './observability/metrics.js';
import { metricsPlugin, noticesPlugin } from './observability/plugins.js';
import { readiness } from './observability/readiness.js';
import { buildSchema } from './schema.js';
import { auditPlugin } from './audit/plugin.js';
import { AuditWriter } from './audit/writer.js';
import { oneErrorPerRefusal } from './auth/refusals.js';
import { createTokenVerifier } from './auth/tokens.js';
import { MemoryCounter, RateLimiter, RedisCounter } from './limits/rate-limit.js';
import { operationLimitsPlugin } from './limits/operation-limits.js';
import { createCases, type Cases } from './cases/index.js';
import { attachSubscriptions } from './subscriptions/server.js';
import { landingPage } from './landing-page.js';
import { changedHook } from './hooks/changed.js';
import { startTracing, traceRequests } from './observability/tracing.js';
import { requestIdFrom } from './observability/request-id.js';
import { httpErrors } from './observability/http-errors.js';
import { MemoryQueryStore, RedisQueryStore } from './persisted-queries/store.js';
import { loadManifest, trustedDocumentsPlugin, withManifest } from './persisted-queries/trusted-documents.js';
import { MemoryReplayGuard, RedisReplayGuard } from './hooks/replay-guard.js';

export const PGLITE_IN_PRODUCTION =
  'DATABASE_URL is not set: the audit trail, consent and cases are in embedded PGlite, whose commits survive a crash of the gateway but not of the machine (PGlite never flushes to disk); set DATABASE_URL for PostgreSQL';

// Reservations a gateway left when it stopped before recording what it served are appended as
// 'interrupted' once they are this old: far past any request's deadline and the writer's first retries.
const AUDIT_SWEEP = { everyMs: 60_000, olderThanSeconds: 300 };

export interface GatewayOptions {
  config: Config;
  /** Where each department's API answers (configured, or an embedded mock). */
  upstreams: Record<DepartmentKey, string>;
  logger?: Logger;
  /** Each request's `now`; the wall clock unless a test pins it to calendar dates. */
  clock?: () => Date;
}

export interface Gateway {
  url: string;
  app: express.Express;
  httpServer: http.Server;
  departments: Departments;
  cache: EntityCache;
  db: Database;
  /** One-window cases: the dispatcher, the live-update channel. */
  cases: Cases;
  /** Absent when REDIS_URL is not set. */
  redis?: Redis;
  metrics: Metrics;
  logger: Logger;
  /** The audit trail's writer: `flush()` to read the records of answers already sent. */
  auditWriter: AuditWriter;
  close(): Promise<void>;
}

/** What the operator reads when startGateway failed: the setting to change, where there is one. */
export function whyNotStarted(error: unknown, config: Pick<Config, 'port' | 'host'>): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') return `the gateway could not start: port ${config.port} on ${config.host} is in use; stop what listens there, or set PORT`;
  if (code === 'EACCES') return `the gateway could not start: not allowed to listen on port ${config.port}; set PORT to 1024 or above`;
  return 'the gateway could not start';
}

/** Builds the gateway and listens on config.port (0 = any free port). */
export async function startGateway({ config, upstreams, logger = createLogger(config.logLevel), clock = () => new Date() }: GatewayOptions): Promise<Gateway> {
  // What is opened is closed in reverse order, on close() and when start-up fails part way.
  const closers: (() => unknown)[] = [];
  const closeAll = async () => {
    for (const close of closers.splice(0).reverse()) {
      await Promise.resolve()
        .then(close)
        .catch((error: unknown) => logger.error({ err: error }, 'closing the gateway: a resource failed to close'));
    }
  };
  try {
    return await start();
  } catch (error) {
    await closeAll();
    throw error;
  }

  async function start(): Promise<Gateway> {
    const metrics = createMetrics();
    const tracing = startTracing(config.tracing);
    closers.push(() => tracing?.shutdown());
    const redis = config.redisUrl ? connectRedis(config.redisUrl, logger) : undefined;
    closers.push(() => redis?.disconnect());
    if (redis && !(await waitForRedis(redis))) logger.warn('Redis not ready at start-up: starting with the cache degraded');
    const cache: EntityCache = redis ? new RedisCache(redis) : new MemoryCache(config.cache.memoryEntries);
    closers.push(() => cache.close());
    const db = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
    closers.push(() => db.close());
    await migrate(db);
    // PGlite's file system never flushes to disk (its NodeFS has no fsync): a commit outlives the
    // gateway's process, not the machine's. Right for a laptop; not for a city's audit trail.
    if (config.env === 'production' && db.kind === 'pglite') logger.warn(PGLITE_IN_PRODUCTION);
    const departments = createDepartments(config, upstreams, cache, metrics);
    closers.push(() => Promise.all(Object.values(departments).map((d) => d.upstream.close())));
    const app = express();
    const httpServer = http.createServer(app);
    const schema = buildSchema();
    // One guard for every signed department hook: a signature seen on one is refused on all.
    const replay = redis ? new RedisReplayGuard(redis, config.cache.prefix) : new MemoryReplayGuard();
    const cases = await createCases({ config, db, redis, departments, replayGuard: replay, logger });
    closers.push(() => cases.close());
    const auth = { verifyToken: await createTokenVerifier(config.auth), db };
    const rateLimiter = new RateLimiter(redis ? new RedisCounter(redis) : new MemoryCounter(), config.rateLimits, config.cache.prefix, logger);
    const auditWriter = new AuditWriter(db, { logger });
    auditWriter.sweepEvery(AUDIT_SWEEP.everyMs, AUDIT_SWEEP.olderThanSeconds);
    closers.push(() => auditWriter.close());
    const deps = { departments, logger, maxResidents: config.limits.maxResidents, cases, auth, rateLimiter, clock, auditWriter };
    const limits = { ...config.limits, introspection: config.introspection };

    const queryStore = redis ? new RedisQueryStore(redis, `${config.cache.prefix}:`) : new MemoryQueryStore();
    const trusted = config.persistedQueries.trustedFile ? loadManifest(config.persistedQueries.trustedFile) : new Map<string, string>();
    const subscriptions = attachSubscriptions(httpServer, {
      schema,
      contextFor: (headers, options) => buildContext(deps, headers, undefined, { counted: !options?.event }),
      limits,
      audit: auditWriter,
      logger,
      trusted: { mode: config.persistedQueries.trustedOnly, manifest: trusted },
    });

    const apollo = new ApolloServer<GatewayContext>({
      schema,
      persistedQueries: { cache: withManifest(trusted, queryStore), ttl: config.persistedQueries.ttlSeconds },
      // Allowed here, then refused per viewer by operationLimitsPlugin (staff only when config.introspection is off).
      introspection: true,
      csrfPrevention: true,
      // The process's own SIGTERM handler stops everything in order (src/main.ts); Apollo's, racing it,
      // left that shutdown waiting until its 10 s limit forced an exit with code 1.
      stopOnTerminationSignals: false,
      includeStacktraceInErrorResponses: false,
      formatError: formatError(logger),
      // Cache-control hints are unused (answers are cached per department, not per response), and the
      // plugin wraps every field resolver: about a tenth of the gateway's CPU on a 50-resident list.
      plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), ApolloServerPluginLandingPageDisabled(), ApolloServerPluginCacheControlDisabled(), noticesPlugin, metricsPlugin(metrics, trusted.values()), subscriptions.plugin, operationLimitsPlugin(limits), auditPlugin(auditWriter, metrics), oneErrorPerRefusal, trustedDocumentsPlugin(config.persistedQueries.trustedOnly, trusted)],
    });
    await apollo.start();
    closers.push(() => apollo.stop());

    app.disable('x-powered-by');
    // Answers are personal and POSTed, never revalidated: hashing every body for an ETag is wasted work.
    app.set('etag', false);
    app.use((req, res, next) => {
      res.locals.arrivedAt = performance.now();
      const requestId = requestIdFrom(req.headers);
      req.headers['x-request-id'] = requestId;
      res.setHeader('x-request-id', requestId);
      next();
    });
    app.use(traceRequests);
    app.get('/', (_req, res) => res.type('html').send(landingPage));
    app.get('/healthz', (_req, res) => res.json({ status: 'ok' }));
    app.get('/readyz', async (_req, res) => {
      const report = await readiness(cache, db, departments);
      res.status(report.status === 'unavailable' ? 503 : 200).json(report);
    });
    app.get('/metrics', async (_req, res) => {
      for (const d of Object.values(departments)) metrics.breakerState.set({ department: d.connector.key }, BREAKER_VALUE[d.upstream.breakerState]);
      res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    });
    app.use(changedHook({ departments, cache, secrets: config.hookSecrets, replay, logger }));
    app.use(cases.hooks);
    app.use(
      '/graphql',
      express.json({ limit: config.limits.bodyLimit }),
      expressMiddleware(apollo, { context: async ({ req, res }) => buildContext(deps, req.headers, res.locals.arrivedAt as number) }),
    );
    app.use(httpErrors(logger));

    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(config.port, config.host, () => {
        httpServer.off('error', reject);
        // Once listening, a server error (EMFILE when a connection cannot be accepted) is logged:
        // with no listener, an 'error' event ends the process.
        httpServer.on('error', (error) => logger.error({ err: error }, 'the HTTP server reported an error'));
        resolve();
      });
    });
    const { port } = httpServer.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}`;
    logger.info({ url: `${url}/graphql`, cache: cache.kind }, 'gateway listening');
    cases.start(url);

    return {
      url,
      app,
      httpServer,
      departments,
      cache,
      db,
      redis,
      cases,
      metrics,
      logger,
      auditWriter,
      close: closeAll,
    };
  }
}

const BREAKER_VALUE = { CLOSED: 0, HALF_OPEN: 1, OPEN: 2, ISOLATED: 2 } as const;
