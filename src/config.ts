import { z } from 'zod';

// The only reader of the environment: parsed and validated once, safe defaults for one laptop.

export const DEPARTMENTS = ['civilAffairs', 'housing', 'health'] as const;
export type DepartmentKey = (typeof DEPARTMENTS)[number];

/** Environment prefix of each department's settings, e.g. UPSTREAM_CIVIL_AFFAIRS_URL. */
export const ENV_NAME: Record<DepartmentKey, string> = {
  civilAffairs: 'CIVIL_AFFAIRS',
  housing: 'HOUSING',
  health: 'HEALTH',
};

const int = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);
const flag = (fallback: boolean) =>
  z.enum(['true', 'false', '1', '0']).default(fallback ? 'true' : 'false').transform((v) => v === 'true' || v === '1');

const departmentSchema = (maxBatch: number) =>
  z.object({
    URL: z.url().optional(),
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
  BODY_LIMIT: z.string().default('100kb'),
  INTROSPECTION: flag(true),
});

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
        url: d.URL?.replace(/\/$/, ''),
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
    limits: { maxResidents: gateway.MAX_RESIDENTS_PER_QUERY, bodyLimit: gateway.BODY_LIMIT },
    introspection: gateway.INTROSPECTION,
    departments,
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
