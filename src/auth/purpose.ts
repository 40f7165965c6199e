import { badInput } from '../errors.js';
import type { Purpose } from './viewer.js';

// X-Purpose says why personal data is read (e.g. counter-service, case-handling); X-Case-Reference
// names the case being handled. Both go into the audit record of every read.

/** A stated purpose: lower-case letters, digits and . _ : - (at most 64), e.g. counter-service. */
export const PURPOSE = /^[a-z][a-z0-9._:-]{0,63}$/;
const CASE_REFERENCE = /^[\w.:/-]{1,64}$/;

/** Purposes under which a clerk or supervisor sees ID numbers, phones and addresses unmasked. */
export const UNMASKED_PURPOSES: ReadonlySet<string> = new Set(['case-handling', 'identity-verification']);

export function purposeFrom(headers: Record<string, string | string[] | undefined>): Purpose {
  return {
    purpose: header(headers, 'x-purpose', PURPOSE, 'lower-case letters, digits and . _ : - (at most 64), e.g. counter-service'),
    caseReference: header(headers, 'x-case-reference', CASE_REFERENCE, 'letters, digits and . _ : / - (at most 64)'),
  };
}

function header(headers: Record<string, string | string[] | undefined>, name: string, pattern: RegExp, expected: string): string | null {
  const value = headers[name];
  if (value === undefined || value === '') return null;
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw badInput(`${name} must be ${expected}`, { header: name, http: { status: 400 } });
  }
  return value;
}
