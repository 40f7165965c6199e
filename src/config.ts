import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { sizeInBytes } from './limits/body-size.js';
import type { Department } from './generated/graphql.js';

// The only reader of the environment: parsed and validated once, safe defaults for one laptop.

export const DEPARTMENTS = ['civilAffairs', 'housing', 'health'] as const;
export type DepartmentKey = (typeof DEPARTMENTS)[number];

/** A department as the schema's `Department` enum names it. */
export const DEPARTMENT_CODE = {
  civilAffairs: 'CIVIL_AFFAIRS',
  housing: 'HOUSING',
  health: 'HEALTH',
} as const satisfies Record<DepartmentKey, Department>;

export const DEPARTMENT_KEY = Object.fromEntries(DEPARTMENTS.map((key) => [DEPARTMENT_CODE[key], key])) as Record<Department, DepartmentKey>;

/** Environment prefix of each department's settings, e.g. UPSTREAM_CIVIL_AFFAIRS_URL: its enum name. */
export const ENV_NAME: Record<DepartmentKey, string> = DEPARTMENT_CODE;

/** A department's name in URLs (/hooks/<department>/...) and folder names. */
export const URL_NAME: Record<DepartmentKey, string> = {
  civilAffairs: 'civil-affairs',
  housing: 'housing',
  health: 'health',
};

export const departmentFromUrlName = (name: string): DepartmentKey | undefined =>
  DEPARTMENTS.find((key) => URL_NAME[key] === name);

const int = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);

// A department's client is a connection pool for one origin: it refuses a path, and request paths would drop it anyway.
const ORIGIN_EXPECTED = 'expected an origin (http[s]://host[:port]), without a path, query, fragment or credentials';
const isOrigin = (value: string) => {
  const url = new URL(value);
  return url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
};

const departmentSchema = (maxBatch: number) =>
  z.object({
    URL: z.url({ protocol: /^https?$/, error: ORIGIN_EXPECTED, abort: true }).refine(isOrigin, ORIGIN_EXPECTED).transform((url) => new URL(url).origin).optional(),
    TIMEOUT_MS: int(2000, 1),
    MAX_BATCH: int(maxBatch, 1),
    RETRIES: int(1),
    CONNECTIONS: int(32, 1),
    BREAKER_FAILURES: int(5, 1),
    BREAKER_HALF_OPEN_MS: int(10_000, 1),
    MAX_CONCURRENT: int(64, 1),
    MAX_QUEUED: int(256),
    CACHE_TTL_S: int(60),
    STALE_GRACE_S: int(3600),
  });

const gatewaySchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: int(4000),
  HOST: z.string().default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  REDIS_URL: z.url().optional(),
  DATABASE_URL: z.url().optional(),
  DATA_DIR: z.string().default('./data'),
  CACHE_PREFIX: z.string().default('ow'),
  CACHE_MEMORY_ENTRIES: int(50_000, 1),
  MAX_RESIDENTS_PER_QUERY: int(100, 1),
  // OpenTelemetry's own variable names, so collectors' usual settings apply.
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  OTEL_SERVICE_NAME: z.string().default('one-window-gateway'),
  PERSISTED_QUERIES_TTL_S: int(7 * 24 * 3600, 1),
  // A manifest {sha256: document}; with it, apps may send only registered operations.
  TRUSTED_DOCUMENTS_FILE: z.string().optional(),
  TRUSTED_DOCUMENTS_ONLY: z.enum(['off', 'apps', 'all']).optional(),
  BODY_LIMIT: z.string().default('100kb').transform((limit, ctx) => sizeInBytes(limit) ?? (ctx.addIssue({ code: 'custom', message: 'expected a size such as 100kb or 1mb' }), z.NEVER)),
  // Unset: on outside production; when off, staff may still introspect.
  INTROSPECTION: z.enum(['true', 'false', '1', '0']).optional(),
  AUTH_JWKS_URL: z.url().optional(),
  AUTH_PUBLIC_KEY: z.string().optional(),
  AUTH_ALGORITHM: z.enum(['RS256', 'ES256', 'EdDSA']).default('RS256'),
  AUTH_ISSUER: z.string().default('one-window'),
  AUTH_AUDIENCE: z.string().default('one-window-gateway'),
  // The development signing key; never accepted in production.
  AUTH_DEV_KEY_FILE: z.string().optional(),
  MAX_DEPTH: int(10, 1),
  MAX_COST: int(20_000, 1),
  MAX_ALIASES: int(30, 0),
  RATE_LIMIT_WINDOW_S: int(60, 1),
  RATE_LIMIT_USER: int(600, 1),
  RATE_LIMIT_APP_BASIC: int(60, 1),
  RATE_LIMIT_APP_STANDARD: int(600, 1),
  RATE_LIMIT_APP_PREMIUM: int(6000, 1),
});

// One-window cases: the dispatcher's pace, the departments' hook secrets, the live-update channel.
const casesSchema = z.object({
  PUBLIC_URL: z.url().optional(),
  CASES_DISPATCH_POLL_MS: int(1000, 1),
  CASES_DISPATCH_BATCH: int(20, 1),
  CASES_DISPATCH_BACKOFF_MS: int(1000, 1),
  CASES_DISPATCH_BACKOFF_MAX_MS: int(300_000, 1),
  // A claimed dispatch not finished within this time (a replica died) is claimed again.
  CASES_DISPATCH_LEASE_MS: int(30_000, 1),
  CASES_SOON_DUE_DAYS: int(2, 0),
  SATISFACTION_TARGET: z.coerce.number().min(0).max(1).default(0.95),
  EVENTS_CHANNEL_PREFIX: z.string().default('ow'),
});

// Each department signs its calls to /hooks/<department>/* (cache invalidation, case progress).
const hookSchema = z.object({
  HOOK_SECRET_CIVIL_AFFAIRS: z.string().min(16).optional(),
  HOOK_SECRET_HOUSING: z.string().min(16).optional(),
  HOOK_SECRET_HEALTH: z.string().min(16).optional(),
});

/** Development hook secrets, shared with the embedded mocks; production must set its own. */
export const DEV_HOOK_SECRETS: Record<DepartmentKey, string> = {
  civilAffairs: 'dev-hook-secret-civil-affairs',
  housing: 'dev-hook-secret-housing',
  health: 'dev-hook-secret-health',
};

function hookSecrets(env: NodeJS.ProcessEnv, production: boolean): Record<DepartmentKey, string> {
  const h = parse(hookSchema, env, '');
  return Object.fromEntries(
    DEPARTMENTS.map((key) => {
      const secret = h[`HOOK_SECRET_${ENV_NAME[key]}` as keyof typeof h];
      if (!secret && production) throw new Error(`Invalid configuration:\n  HOOK_SECRET_${ENV_NAME[key]} is required in production`);
      return [key, secret ?? DEV_HOOK_SECRETS[key]];
    }),
  ) as Record<DepartmentKey, string>;
}

function casesConfig(env: NodeJS.ProcessEnv, production: boolean) {
  const c = parse(casesSchema, env, '');
  // Departments report progress to the callback stored with each dispatch: it must be the
  // load balancer's address, not one replica's.
  if (!c.PUBLIC_URL && production) throw new Error('Invalid configuration:\n  PUBLIC_URL is required in production');
  return {
    publicUrl: c.PUBLIC_URL?.replace(/\/$/, ''),
    dispatch: {
      pollMs: c.CASES_DISPATCH_POLL_MS,
      batch: c.CASES_DISPATCH_BATCH,
      backoffMs: c.CASES_DISPATCH_BACKOFF_MS,
      backoffMaxMs: c.CASES_DISPATCH_BACKOFF_MAX_MS,
      leaseMs: c.CASES_DISPATCH_LEASE_MS,
    },
    soonDueDays: c.CASES_SOON_DUE_DAYS,
    satisfactionTarget: c.SATISFACTION_TARGET,
    eventsPrefix: c.EVENTS_CHANNEL_PREFIX,
  };
}

export type CasesConfig = ReturnType<typeof casesConfig>;

export type DepartmentConfig = {
  url?: string;
  timeoutMs: number;
  maxBatch: number;
  retries: number;
  connections: number;
  breakerFailures: number;
  breakerHalfOpenMs: number;
  maxConcurrent: number;
  maxQueued: number;
  cacheTtlSeconds: number;
  staleGraceSeconds: number;
};

export type Config = ReturnType<typeof loadConfig>;

// Housing's legacy API caps a batch at 50 IDs, the FHIR server a search at 50 identifiers.
const DEFAULT_MAX_BATCH: Record<DepartmentKey, number> = { civilAffairs: 100, housing: 50, health: 50 };

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const gateway = parse(gatewaySchema, env, '');
  const departments = Object.fromEntries(
    DEPARTMENTS.map((key) => {
      const prefix = `UPSTREAM_${ENV_NAME[key]}_`;
      const d = parse(departmentSchema(DEFAULT_MAX_BATCH[key]), env, prefix);
      const config: DepartmentConfig = {
        url: d.URL,
        timeoutMs: d.TIMEOUT_MS,
        maxBatch: d.MAX_BATCH,
        retries: d.RETRIES,
        connections: d.CONNECTIONS,
        breakerFailures: d.BREAKER_FAILURES,
        breakerHalfOpenMs: d.BREAKER_HALF_OPEN_MS,
        maxConcurrent: d.MAX_CONCURRENT,
        maxQueued: d.MAX_QUEUED,
        cacheTtlSeconds: d.CACHE_TTL_S,
        staleGraceSeconds: d.STALE_GRACE_S,
      };
      return [key, config];
    }),
  ) as Record<DepartmentKey, DepartmentConfig>;
  return {
    env: gateway.NODE_ENV,
    port: gateway.PORT,
    host: gateway.HOST,
    logLevel: gateway.LOG_LEVEL,
    redisUrl: gateway.REDIS_URL,
    databaseUrl: gateway.DATABASE_URL,
    dataDir: gateway.DATA_DIR,
    cache: { prefix: gateway.CACHE_PREFIX, memoryEntries: gateway.CACHE_MEMORY_ENTRIES },
    tracing: { endpoint: gateway.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: gateway.OTEL_SERVICE_NAME },
    persistedQueries: {
      ttlSeconds: gateway.PERSISTED_QUERIES_TTL_S,
      trustedFile: gateway.TRUSTED_DOCUMENTS_FILE,
      trustedOnly: gateway.TRUSTED_DOCUMENTS_ONLY ?? (gateway.TRUSTED_DOCUMENTS_FILE ? 'apps' : 'off'),
    },
    limits: {
      maxResidents: gateway.MAX_RESIDENTS_PER_QUERY,
      bodyLimit: gateway.BODY_LIMIT,
      maxDepth: gateway.MAX_DEPTH,
      maxCost: gateway.MAX_COST,
      maxAliases: gateway.MAX_ALIASES,
    },
    introspection: gateway.INTROSPECTION === undefined ? gateway.NODE_ENV !== 'production' : ['true', '1'].includes(gateway.INTROSPECTION),
    auth: authConfig(gateway),
    rateLimits: {
      windowSeconds: gateway.RATE_LIMIT_WINDOW_S,
      user: gateway.RATE_LIMIT_USER,
      app: { basic: gateway.RATE_LIMIT_APP_BASIC, standard: gateway.RATE_LIMIT_APP_STANDARD, premium: gateway.RATE_LIMIT_APP_PREMIUM },
    },
    hookSecrets: hookSecrets(env, gateway.NODE_ENV === 'production'),
    cases: casesConfig(env, gateway.NODE_ENV === 'production'),
    departments,
  };
}

export type AuthConfig = ReturnType<typeof authConfig>;

/** Production verifies tokens with the identity provider's JWKS or public key; the dev key is refused there. */
function authConfig(gateway: z.infer<typeof gatewaySchema>) {
  const production = gateway.NODE_ENV === 'production';
  if (production && !gateway.AUTH_JWKS_URL && !gateway.AUTH_PUBLIC_KEY) {
    throw new Error('Invalid configuration:\n  AUTH_JWKS_URL or AUTH_PUBLIC_KEY is required in production (the development key is refused)');
  }
  const memory = gateway.DATA_DIR.startsWith('memory://');
  return {
    jwksUrl: gateway.AUTH_JWKS_URL,
    publicKey: gateway.AUTH_PUBLIC_KEY?.replaceAll('\\n', '\n'),
    algorithm: gateway.AUTH_ALGORITHM,
    issuer: gateway.AUTH_ISSUER,
    audience: gateway.AUTH_AUDIENCE,
    // An in-memory data folder has no disk: the key then lives in the system temp folder, shared by `npm run token`.
    devKeyFile: production ? undefined : (gateway.AUTH_DEV_KEY_FILE ?? (memory ? join(tmpdir(), 'one-window-dev-jwt-key.json') : join(gateway.DATA_DIR, 'dev-jwt-key.json'))),
  };
}

/** Reads `prefix + key` for each key of the schema; a bad value stops start-up with every problem named. */
function parse<T extends z.ZodObject>(schema: T, env: NodeJS.ProcessEnv, prefix: string): z.infer<T> {
  const raw = Object.fromEntries(Object.keys(schema.shape).map((k) => [k, emptyToUndefined(env[prefix + k])]));
  const result = schema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${prefix}${String(i.path[0])}: ${i.message}`);
    throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return result.data;
}

const emptyToUndefined = (v: string | undefined) => (v === '' ? undefined : v);
