import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { population } from '../../mocks/seed/population.js';
import type { Database } from '../../src/db/database.js';
import { describeWithPostgres, freshPostgresDatabase } from '../support/services.js';
import { startStack, type Stack } from '../support/stack.js';
import type { Scope } from '../../src/auth/viewer.js';
import { app, consent } from '../support/auth.js';
import { CASE, submitCase, until } from '../support/cases.js';

// A resident list's serviceStatus reads every resident's one-window cases in two statements,
// starts reading them with the department calls (not after the first answer) but only for a viewer
// the field will be granted to, and still shows the departments' matters when the case store fails.

const LIST = `query ($ids: [IdCardNumber!]!) { residents(idNumbers: $ids) { idNumber serviceStatus { department reference } } }`;
const ids = population().residents.filter((r) => r.civilAffairs).slice(0, 50).map((r) => r.idNumber);
const CASE_TABLES = /\b(cases|case_parts|case_events|case_ratings)\b/;

describeWithPostgres('serviceStatus of a resident list', () => {
  let stack: Stack;
  let drop: () => Promise<void>;
  let numbers: string[];
  const caseQueries: string[] = [];
  /** How many department calls had been answered when each case query was sent. */
  const answeredAtCaseQuery: number[] = [];
  let answered = 0;
  /** And how many department requests had been written to the wire. */
  const sentAtCaseQuery: number[] = [];
  let sent = 0;
  const countSent = (message: unknown) => {
    // The gateway's own calls, not this test's requests to the gateway.
    if (String((message as { request: { origin: string } }).request.origin) !== new URL(stack.url).origin) sent++;
  };
  let failCases = false;
  beforeAll(async () => {
    const database = await freshPostgresDatabase();
    drop = database.drop;
    stack = await startStack({ env: { DATABASE_URL: database.url } });
    subscribe('undici:client:sendHeaders', countSent);
    numbers = [];
    for (const id of ids.slice(0, 3)) numbers.push((await submitCase(stack, 'NEWBORN', '110105', id)).acceptanceNumber);
    // Every statement the gateway sends, seen on the way to PostgreSQL.
    const db: Database = stack.gateway.db;
    const query = db.query.bind(db);
    for (const department of Object.values(stack.gateway.departments)) {
      const request = department.upstream.request.bind(department.upstream);
      department.upstream.request = (async (...args: Parameters<typeof request>) => {
        const answer = await request(...args);
        answered++;
        return answer;
      }) as typeof request;
    }
    db.query = (async (sql: string, params?: unknown[], name?: string) => {
      if (CASE_TABLES.test(sql) && !/case_outbox/.test(sql)) {
        caseQueries.push(sql);
        answeredAtCaseQuery.push(answered);
        sentAtCaseQuery.push(sent);
        if (failCases) throw new Error('connection to the case store lost');
      }
      return query(sql, params, name);
    }) as Database['query'];
  });
  afterAll(async () => {
    unsubscribe('undici:client:sendHeaders', countSent);
    await stack?.close();
    await drop?.();
  });

  it('reads the cases of 50 residents in two statements', async () => {
    // Once dispatched, only this request reads cases.
    for (const n of numbers) await until(async () => (await stack.graphql(CASE, { n })).body.data.case.state === 'IN_PROGRESS', `${n} dispatched`);
    caseQueries.length = 0;
    const { body } = await stack.graphql(LIST, { ids });
    expect(body.errors).toBeUndefined();
    expect(body.data.residents).toHaveLength(50);
    const references = body.data.residents.flatMap((r: { serviceStatus: { reference: string }[] }) => r.serviceStatus.map((s) => s.reference));
    for (const n of numbers) expect(references).toContain(n);
    // Every resident's newest case ids, then those cases whole: parts, history and rating.
    expect(caseQueries).toHaveLength(2);
  });

  // Someone no earlier test read, so every department is called (nothing cached).
  const unread = () => population().residents.filter((r) => r.civilAffairs && r.housing && r.health && !ids.includes(r.idNumber));

  it('asks for the cases once the department calls are sent, before any has answered', async () => {
    const ONE = `query ($id: IdCardNumber!) { resident(idNumber: $id) { name ...matters } } fragment matters on Resident { serviceStatus { reference } }`;
    answeredAtCaseQuery.length = 0;
    sentAtCaseQuery.length = 0;
    answered = 0;
    sent = 0;
    // Departments that take longer than the gateway waits before its own work (src/departments/background-work.ts).
    for (const mock of Object.values(stack.mocks)) mock.configure({ latencyMs: 100 });
    const { body } = await stack.graphql(ONE, { id: unread()[0]!.idNumber }).finally(() => Object.values(stack.mocks).forEach((m) => m.configure({ latencyMs: 0 })));
    expect(body.errors).toBeUndefined();
    expect(body.data.resident.serviceStatus.length).toBeGreaterThan(0);
    expect(answered).toBe(3);
    expect(answeredAtCaseQuery.length).toBeGreaterThan(0);
    expect(answeredAtCaseQuery[0]).toBe(0);
    expect(sentAtCaseQuery[0]).toBe(3);
  });

  it('reads no cases when serviceStatus is not asked', async () => {
    caseQueries.length = 0;
    const list = await stack.graphql(LIST.replace('serviceStatus { department reference }', 'name'), { ids: ids.slice(0, 5) });
    expect(list.body.errors).toBeUndefined();
    expect(caseQueries).toEqual([]);
  });

  // An app the rules refuse serviceStatus, by its own scopes or by the resident's consent.
  const refusedApp = async (scopes: Scope[], name: string) => {
    const id = unread()[1]!.idNumber;
    const client = await app(stack, scopes, 'standard', name);
    // The resident consented to the basic fields only.
    await consent(stack, id, client.id, ['resident:basic']);
    caseQueries.length = 0;
    const { body } = await stack.graphql(`query ($id: IdCardNumber!) { resident(idNumber: $id) { name serviceStatus { reference } } }`, { id }, client.headers());
    // serviceStatus is non-null, so its refusal nulls the resident.
    expect(body.data.resident).toBeNull();
    expect(body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    return body.errors[0].extensions.permission;
  };

  it('reads no cases for an app without matters:read', async () => {
    expect(await refusedApp(['resident:basic'], 'app without matters:read')).toBe('matters:read');
    expect(caseQueries).toEqual([]);
  });

  it("reads no cases for an app with matters:read that the resident's consent does not cover", async () => {
    expect(await refusedApp(['resident:basic', 'matters:read'], 'app with matters:read, consent without')).toBe('consent:matters:read');
    expect(caseQueries).toEqual([]);
  });

  it('shows the departments\' matters when the case store fails', async () => {
    failCases = true;
    caseQueries.length = 0;
    try {
      const { body } = await stack.graphql(LIST, { ids: ids.slice(0, 5) });
      // The prefetch's failed query is the field's answer too: a failing store is asked once.
      expect(caseQueries).toHaveLength(1);
      expect(body.errors).toBeUndefined();
      const statuses = body.data.residents.flatMap((r: { serviceStatus: { reference: string }[] }) => r.serviceStatus);
      expect(statuses.length).toBeGreaterThan(0);
      expect(statuses.map((s: { reference: string }) => s.reference)).not.toContain(numbers[0]);
    } finally {
      failCases = false;
    }
  });
});
