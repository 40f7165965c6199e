import { loadConfig, type DepartmentKey } from '../../src/config.js';
import { signDevToken } from '../../src/auth/tokens.js';
import { DEV_HOOK_SECRETS } from '../../src/config.js';
import { sign } from '../../src/hooks/signature.js';

// What the one-window case suites share: tokens for the people at the window, the operations,
// a signed department hook, and waiting for a condition instead of sleeping.

const auth = loadConfig({ DATA_DIR: 'memory://' }).auth;

export async function bearer(claims: Record<string, unknown> & { sub: string }): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await signDevToken(auth, claims)}` };
}

export const clerk = (jurisdiction: string[] = ['city']) => bearer({ sub: 'clerk-wang', role: 'clerk', jurisdiction });
export const supervisor = () => bearer({ sub: 'supervisor-li', role: 'supervisor', jurisdiction: ['city'] });
export const resident = (idNumber: string) => bearer({ sub: `resident-${idNumber}`, role: 'resident', id_number: idNumber });

export const CASE_FIELDS = `acceptanceNumber state result district dueDate timeLimitDays overdue
  parts { department state reference dueDate } history { kind department state } rating { score onBehalf }`;

export const SUBMIT = `mutation ($input: SubmitCaseInput!) { submitCase(input: $input) { replayed case { ${CASE_FIELDS} } } }`;
export const CASE = `query ($n: ID!) { case(acceptanceNumber: $n) { ${CASE_FIELDS} } }`;
export const RATE = `mutation ($input: RateCaseInput!) { rateCase(input: $input) { ${CASE_FIELDS} } }`;

export const ELDERLY_MATERIALS = ['ID_CARD', 'HOUSEHOLD_REGISTER', 'BANK_ACCOUNT', 'HEALTH_QUESTIONNAIRE', 'FAMILY_DOCTOR_AGREEMENT'];
export const RENTAL_MATERIALS = ['ID_CARD', 'HOUSEHOLD_REGISTER', 'INCOME_STATEMENT', 'HOUSING_STATEMENT'];

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
