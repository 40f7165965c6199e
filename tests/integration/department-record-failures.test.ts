import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMocks, type MockHandle } from '../../mocks/index.js';
import { devToken } from '../../src/auth/dev-tokens.js';
import { loadConfig, type DepartmentKey } from '../../src/config.js';
import { startGateway, type Gateway } from '../../src/server.js';
import { demoResidents } from '../support/demo.js';

// The mocks answer only well-formed records, so a proxy in front of them corrupts one record of a
// real answer, or answers in their place, the way a department would.
type Reply = { status: number; contentType: string; body: string };
interface Proxy {
  url: string;
  /** Rewrites the department's JSON answer; none passes it as it is. */
  rewrite?: (answer: any) => unknown;
  /** Answers this instead of asking the department. */
  reply?: Reply;
  close(): Promise<void>;
}

async function startProxy(target: string): Promise<Proxy> {
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let reply = proxy.reply;
    if (!reply) {
      const headers = { 'content-type': req.headers['content-type'] ?? 'application/json', accept: req.headers.accept ?? '*/*' };
      const upstream = await fetch(`${target}${req.url}`, { method: req.method, headers, body: req.method === 'GET' ? undefined : Buffer.concat(chunks) });
      const text = await upstream.text();
      const body = proxy.rewrite ? JSON.stringify(proxy.rewrite(JSON.parse(text))) : text;
      reply = { status: upstream.status, contentType: upstream.headers.get('content-type') ?? 'application/json', body };
    }
    res.writeHead(reply.status, { 'content-type': reply.contentType }).end(reply.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxy: Proxy = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => (server.close(() => resolve()), server.closeAllConnections())),
  };
  return proxy;
}

const QUERY = /* GraphQL */ `
  query Residents($ids: [IdCardNumber!]!) {
    residents(idNumbers: $ids) {
      civilAffairs { districtName }
      health { vaccinations { vaccine } }
    }
  }
`;
const BREAKER_FAILURES = 3;
const env = Object.fromEntries(
  ['CIVIL_AFFAIRS', 'HOUSING', 'HEALTH'].flatMap((d) => [
    [`UPSTREAM_${d}_CACHE_TTL_S`, '0'],
    [`UPSTREAM_${d}_BREAKER_FAILURES`, String(BREAKER_FAILURES)],
  ]),
);
const CODE: Record<DepartmentKey, string> = { civilAffairs: 'CIVIL_AFFAIRS', housing: 'HOUSING', health: 'HEALTH' };

describe('department records and answers that do not parse', () => {
  let mocks: Record<DepartmentKey, MockHandle>;
  let closeMocks: () => Promise<void>;
  let proxies: Record<'civilAffairs' | 'health', Proxy>;
  let gateway: Gateway;
  let clerk: string;
  const logs: string[] = [];
  // Three residents known to both proxied departments, with vaccinations to corrupt.
  const [first, bad, last] = demoResidents.filter((d) => d.departments.includes('CIVIL_AFFAIRS') && d.departments.includes('HEALTH')).slice(0, 3).map((d) => d.idNumber);

  beforeAll(async () => {
    ({ mocks, close: closeMocks } = await startMocks());
    proxies = { civilAffairs: await startProxy(mocks.civilAffairs.url), health: await startProxy(mocks.health.url) };
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: 'memory://', ...env });
    const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(line) });
    gateway = await startGateway({ config, logger, upstreams: { civilAffairs: proxies.civilAffairs.url, housing: mocks.housing.url, health: proxies.health.url } });
    clerk = `Bearer ${await devToken(config.auth, { role: 'clerk' })}`;
  });
  afterAll(async () => {
    await gateway.close();
    await Promise.all(Object.values(proxies).map((p) => p.close()));
    await closeMocks();
  });
  beforeEach(() => {
    logs.length = 0;
    for (const m of Object.values(mocks)) m.resetStats();
  });
  afterEach(() => {
    for (const p of Object.values(proxies)) Object.assign(p, { rewrite: undefined, reply: undefined });
  });

  async function graphql(query: string, variables?: Record<string, unknown>) {
    const res = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: clerk, 'x-purpose': 'counter-service' },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as any;
  }
  const breaker = async (department: DepartmentKey) =>
    (await graphql('{ departments { department breaker } }')).data.departments.find((d: { department: string }) => d.department === CODE[department]).breaker;

  async function expectOnlyBadFailed(department: 'civilAffairs' | 'health', reason: string) {
    const body = await graphql(QUERY, { ids: [first, bad, last] });
    const [a, b, c] = body.data.residents;
    expect(a[department]).not.toBeNull();
    expect(c[department]).not.toBeNull();
    expect(b[department]).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]).toMatchObject({ path: ['residents', 1, department], extensions: { code: 'DEPARTMENT_UNAVAILABLE', department: CODE[department] } });
    expect(body.errors[0].message).toContain(reason);
    expect(mocks[department].stats().requests).toBe(1);
    mocks[department].resetStats();
  }

  it('a person with a programCode the gateway does not know fails alone, is not retried, and does not open the breaker', async () => {
    proxies.civilAffairs.rewrite = (answer) => ({
      ...answer,
      persons: answer.persons.map((p: any) =>
        p.idNumber === bad ? { ...p, assistance: [...p.assistance, { programCode: 'CHILD_ALLOWANCE', programName: '困境儿童生活补贴', status: 'ACTIVE', startDate: '2026-01-01' }] } : p,
      ),
    });
    for (let i = 0; i <= BREAKER_FAILURES; i++) await expectOnlyBadFailed('civilAffairs', 'answered an invalid person');
    expect(await breaker('civilAffairs')).toBe('CLOSED');
    // Counted for operators, since the call itself counts as ok.
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(metrics).toContain(`ow_upstream_malformed_records_total{department="civilAffairs"} ${BREAKER_FAILURES + 1}`);
    const warnings = logs.filter((l) => l.includes('department answered a malformed record'));
    expect(warnings).toHaveLength(BREAKER_FAILURES + 1);
    expect(warnings[0]).toContain('assistance.');
    for (const line of warnings) expect(line).not.toContain(bad);
  });

  it('an Immunization that does not match fails only its patient, is not retried, and does not open the breaker', async () => {
    proxies.health.rewrite = (bundle) => {
      const patientId = bundle.entry.find((e: any) => e.resource.resourceType === 'Patient' && e.resource.identifier[0].value === bad).resource.id;
      const shot = bundle.entry.find((e: any) => e.resource.resourceType === 'Immunization' && e.resource.patient.reference === `Patient/${patientId}`).resource;
      shot.occurrenceString = shot.occurrenceDateTime;
      delete shot.occurrenceDateTime;
      return bundle;
    };
    for (let i = 0; i <= BREAKER_FAILURES; i++) await expectOnlyBadFailed('health', 'answered an invalid Immunization');
    expect(await breaker('health')).toBe('CLOSED');
  });

  // Another resident's ID number, phone and name, so nothing else the gateway logs can hold them.
  const personal = ['11010519491231002X', '13800138000', '王小明'];
  const page = `<html><body>${personal.join(' ')}</body></html>`;
  it.each([
    ['civilAffairs', 'a 5xx body', { status: 503, contentType: 'text/plain; charset=utf-8', body: `upstream error for ${personal.join(', ')}` }],
    ['civilAffairs', 'a non-JSON 200 body', { status: 200, contentType: 'text/html; charset=utf-8', body: page }],
    ['civilAffairs', 'an error answer', { status: 404, contentType: 'application/json', body: JSON.stringify({ error: { code: 'NOT_FOUND', message: personal.join(' ') } }) }],
    ['health', 'an OperationOutcome', { status: 404, contentType: 'application/fhir+json', body: JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found', diagnostics: personal.join(' ') }] }) }],
  ] as const)('%s answering %s: its length and hash are logged, never its text', async (department, _, reply) => {
    proxies[department].reply = reply;
    const body = await graphql(QUERY, { ids: [first] });
    expect(body.data.residents[0][department]).toBeNull();
    const failed = logs.map((l) => JSON.parse(l)).filter((l) => l.msg === 'department call failed' && l.department === department);
    expect(failed.length).toBeGreaterThan(0);
    for (const text of [...personal, 'upstream error']) expect(logs.join('\n')).not.toContain(text);
    expect(failed[0].cause).toMatchObject({ bodyLength: reply.body.length, bodySha256: createHash('sha256').update(reply.body).digest('hex').slice(0, 12) });
    expect(JSON.stringify(body)).not.toMatch(/11010519491231002X|13800138000|王小明/);
  });
});
