import { describe } from 'vitest';
import { loadConfig, type DepartmentKey } from '../../src/config.js';
import { signDevToken } from '../../src/auth/tokens.js';
import { DEV_HOOK_SECRETS } from '../../src/config.js';
import { sign } from '../../src/hooks/signature.js';
import { DEPARTMENT_KEY } from '../../src/config.js';
import type { Department } from '../../src/generated/graphql.js';
import { describeWithPostgres, freshPostgresDatabase } from './services.js';
import type { Stack } from './stack.js';

// What the one-window case suites share: tokens for the people at the window, the operations,
// a signed department hook, and waiting for a condition instead of sleeping.

const auth = loadConfig({ DATA_DIR: 'memory://' }).auth;

export async function bearer(claims: Record<string, unknown> & { sub: string }): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await signDevToken(auth, claims)}` };
}

export const clerk = (jurisdiction: string[] = ['city']) => bearer({ sub: 'clerk-wang', role: 'clerk', jurisdiction });
export const supervisor = (jurisdiction: string[] = ['city']) => bearer({ sub: 'supervisor-li', role: 'supervisor', jurisdiction });
export const resident = (idNumber: string) => bearer({ sub: `resident-${idNumber}`, role: 'resident', id_number: idNumber });

export const CASE_FIELDS = `acceptanceNumber state result district dueDate timeLimitDays overdue
  parts { department state reference dueDate } history { kind department state } rating { score onBehalf }`;

export const SUBMIT = `mutation ($input: SubmitCaseInput!) { submitCase(input: $input) { replayed case { ${CASE_FIELDS} } } }`;
export const CASE = `query ($n: ID!) { case(acceptanceNumber: $n) { ${CASE_FIELDS} } }`;
export const RATE = `mutation ($input: RateCaseInput!) { rateCase(input: $input) { ${CASE_FIELDS} } }`;

export const ELDERLY_MATERIALS = ['ID_CARD', 'HOUSEHOLD_REGISTER', 'BANK_ACCOUNT', 'HEALTH_QUESTIONNAIRE', 'FAMILY_DOCTOR_AGREEMENT'];
export const RENTAL_MATERIALS = ['ID_CARD', 'HOUSEHOLD_REGISTER', 'INCOME_STATEMENT', 'HOUSING_STATEMENT'];
export const NEWBORN_MATERIALS = ['ID_CARD', 'MARRIAGE_CERTIFICATE', 'BIRTH_RECORD', 'HOUSEHOLD_REGISTER'];
/** Everything each matter needs, so a scenario names only the matter. */
export const MATERIALS_OF: Record<string, string[]> = { ELDERLY_CARE: ELDERLY_MATERIALS, PUBLIC_RENTAL_LOW_INCOME: RENTAL_MATERIALS, NEWBORN: NEWBORN_MATERIALS };

/** The gateway's notion of now, set by the test to the calendar dates its scenario needs. */
export function testClock(start: string) {
  let now = new Date(start);
  return {
    now: () => now,
    set(at: string) {
      now = new Date(at);
    },
  };
}

/** The applications a department's desk took, by acceptance number, and how often each arrived. */
export async function deskApplications(mockUrl: string): Promise<Record<string, { reference: string; received: number }>> {
  return (await (await fetch(`${mockUrl}/__desk/applications`)).json()) as never;
}

/** Posts a progress report as a department would, signed with the department's secret at `signedAt` (seconds). */
export async function postHook(gatewayUrl: string, department: DepartmentKey, report: Record<string, unknown>, headers?: Record<string, string>, signedAt?: number) {
  const body = JSON.stringify(report);
  const path = { civilAffairs: 'civil-affairs', housing: 'housing', health: 'health' }[department];
  const res = await fetch(`${gatewayUrl}/hooks/${path}/cases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(headers ?? sign(DEV_HOOK_SECRETS[department], body, signedAt)) },
    body,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Resolves with the first truthy value of `probe`, checking every 20 ms. */
export async function until<T>(probe: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Fast dispatcher retries, and a breaker that lets a recovered department be tried again quickly. */
export const FAST_DISPATCH = {
  CASES_DISPATCH_POLL_MS: '25',
  CASES_DISPATCH_BACKOFF_MS: '20',
  CASES_DISPATCH_BACKOFF_MAX_MS: '100',
  UPSTREAM_CIVIL_AFFAIRS_BREAKER_HALF_OPEN_MS: '50',
  UPSTREAM_HOUSING_BREAKER_HALF_OPEN_MS: '50',
  UPSTREAM_HEALTH_BREAKER_HALF_OPEN_MS: '50',
};

/** A city clerk submits `matter` for the resident in `district`, at the stack clock's time; answers the case. */
export async function submitCase(stack: Stack, matter: string, district: string, idNumber: string) {
  const { body } = await stack.graphql(SUBMIT, { input: { idNumber, matter, district, materials: MATERIALS_OF[matter] } });
  if (body.errors) throw new Error(`submitCase failed: ${JSON.stringify(body.errors)}`);
  return body.data.submitCase.case;
}

/** Once dispatched, every department reports its part approved at `at` (ISO time); answers the completed case. */
export async function completeCase(stack: Stack, n: string, at: string) {
  const caseOf = async () => (await stack.graphql(CASE, { n })).body.data.case;
  const dispatched = await until(async () => {
    const c = await caseOf();
    return c.state === 'IN_PROGRESS' && c;
  }, `${n} dispatched`);
  for (const { department } of dispatched.parts as { department: Department }[]) {
    await postHook(stack.url, DEPARTMENT_KEY[department], { deliveryId: `${n}:${department}`, acceptanceNumber: n, state: 'APPROVED', at });
  }
  const completed = await caseOf();
  if (completed.state !== 'COMPLETED') throw new Error(`${n} did not complete: ${JSON.stringify(completed)}`);
  return completed;
}

/** Where a case suite runs: embedded PGlite, and a database of its own on the real PostgreSQL. */
export const DATABASES = [
  { name: 'embedded PGlite', describe, fresh: async () => ({ env: {}, drop: async () => undefined }) },
  {
    name: 'PostgreSQL',
    describe: describeWithPostgres,
    async fresh() {
      const database = await freshPostgresDatabase();
      return { env: { DATABASE_URL: database.url }, drop: database.drop };
    },
  },
];
