import { makeExecutableSchema } from '@graphql-tools/schema';
import { execute, parse, type GraphQLSchema } from 'graphql';
import { resolvers } from '../../resolvers/index.js';
import { Access } from '../../src/auth/access.js';
import { AuditRecorder } from '../../src/audit/recorder.js';
import { BackgroundWork } from '../../src/departments/background-work.js';
import { MemoryCache } from '../../src/cache/memory-cache.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import { createDepartments, createLoaders } from '../../src/departments/index.js';
import { Notices } from '../../src/notices.js';
import { createLogger } from '../../src/observability/logger.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { buildSchema, loadTypeDefs } from '../../src/schema.js';
import { startMocks } from '../../mocks/index.js';
import { population } from '../../mocks/seed/population.js';

// `npx tsx tests/bench/auth-overhead.ts`: the cost of graphql-shield rules and masking on a
// 100-resident list query with every department, executed in-process on a warm cache so that
// only the schema's own work is timed (no HTTP, no upstream calls; the service status reads cases from PGlite).

const QUERY = parse(`query($ids: [IdCardNumber!]!) { residents(idNumbers: $ids) { idNumber name gender birthDate
  civilAffairs { districtCode address phone household { headIdNumber size } assistance { program status } }
  housing { registeredAddress phone subsidies { kind monthlyAmount } providentFund { balance } }
  health { familyDoctor { doctorName } vaccinations { vaccine } chronicDiseaseManagement { condition } }
  serviceStatus { department reference status overdue } } }`);
const ROUNDS = Number(process.env.ROUNDS ?? 200);

const { mocks, close } = await startMocks();
const config = loadConfig({ DATA_DIR: 'memory://', LOG_LEVEL: 'silent', UPSTREAM_CIVIL_AFFAIRS_CACHE_TTL_S: '3600', UPSTREAM_HOUSING_CACHE_TTL_S: '3600', UPSTREAM_HEALTH_CACHE_TTL_S: '3600' });
const departments = createDepartments(config, { civilAffairs: mocks.civilAffairs.url, housing: mocks.housing.url, health: mocks.health.url }, new MemoryCache(100_000), createMetrics());
const ids = population().residents.slice(0, 100).map((r) => r.idNumber);
const logger = createLogger('silent');
const db = await openDatabase({ dataDir: 'memory://' });
await migrate(db);

function context() {
  const notices = new Notices();
  const now = new Date();
  const viewer = { kind: 'staff', subject: 'bench', role: 'clerk', jurisdiction: { city: true } } as const;
  const purpose = { purpose: 'counter-service', caseReference: null };
  const loaders = createLoaders(departments, { requestId: 'bench', logger, onStale: () => undefined, onFailure: () => undefined, onCall: () => undefined, onAsk: () => undefined });
  return { requestId: 'bench', logger, departments: loaders, notices, now, maxResidents: 100, viewer, purpose, access: new Access(viewer, purpose, loaders, db, now), audit: new AuditRecorder(), background: new BackgroundWork((error) => logger.error({ err: error })), db, cases: { db } };
}

async function time(schema: GraphQLSchema): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    const result = await execute({ schema, document: QUERY, variableValues: { ids }, contextValue: context() });
    if (result.errors) throw new Error(result.errors[0]!.message);
    samples.push(performance.now() - started);
  }
  return samples.sort((a, b) => a - b);
}

const plain = makeExecutableSchema({ typeDefs: loadTypeDefs(), resolvers });
const guarded = buildSchema();
await time(plain); // warms the cache and the JIT
await time(guarded);
const [a, b] = [await time(plain), await time(guarded)];
const p = (s: number[], q: number) => s[Math.floor(s.length * q)]!.toFixed(2);
console.log(`100 residents x every department, ${ROUNDS} rounds, warm cache, in-process`);
console.log(`without shield: p50 ${p(a, 0.5)} ms  p95 ${p(a, 0.95)} ms`);
console.log(`with shield + masking: p50 ${p(b, 0.5)} ms  p95 ${p(b, 0.95)} ms`);
console.log(`overhead: p50 +${(Number(p(b, 0.5)) - Number(p(a, 0.5))).toFixed(2)} ms (${((Number(p(b, 0.5)) / Number(p(a, 0.5)) - 1) * 100).toFixed(0)}%)`);
await Promise.all(Object.values(departments).map((d) => d.upstream.close()));
await close();
await db.close();
