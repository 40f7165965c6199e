import { describe, expect, it } from 'vitest';
import { APPLICATION_WIRE } from '../../src/cases/wire.js';
import { UpstreamError } from '../../src/departments/upstream.js';

// What a department's answer to an application means for its part: accepted, refused for good
// (its rules said no, or it called the application malformed), or a failure to retry.

const civil = (status: number, body: unknown) => APPLICATION_WIRE.civilAffairs.answer({ status, body: typeof body === 'string' ? body : JSON.stringify(body) });
const health = (status: number, body: unknown) => APPLICATION_WIRE.health.answer({ status, body: JSON.stringify(body) });

describe("a department's answer to an application", () => {
  it('is a refusal, in its own words, when its rules refuse (422) or it calls the application malformed (400)', () => {
    expect(civil(422, { error: { code: 'FAILED_PRECONDITION', message: '不符合申请条件' } })).toEqual({ kind: 'refused', reason: 'refused the application with HTTP 422: 不符合申请条件' });
    expect(health(422, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'business-rule', diagnostics: '已签约其他团队' }] })).toEqual({
      kind: 'refused',
      reason: 'refused the application with HTTP 422: 已签约其他团队',
    });
    expect(civil(400, { error: { code: 'INVALID_ARGUMENT', message: 'acceptanceNumber and callbackUrl are required' } })).toMatchObject({ kind: 'refused' });
  });

  it('keeps no body text that is not the department\'s stated reason', () => {
    expect(civil(422, '<html>110105198107238967 胡红梅</html>')).toEqual({ kind: 'refused', reason: 'refused the application with HTTP 422' });
  });

  it.each([401, 403, 404, 405, 408, 409, 413, 415, 429, 503])('is a failure to retry on HTTP %i, not a refusal', (status) => {
    expect(() => civil(status, { error: { code: 'X', message: '110105198107238967' } })).toThrow(UpstreamError);
    try {
      civil(status, { error: { code: 'X', message: '110105198107238967' } });
    } catch (error) {
      expect(JSON.stringify((error as UpstreamError).cause)).not.toContain('110105198107238967');
    }
  });

  it('is accepted with the reference the department gave', () => {
    expect(civil(201, { applicationNumber: 'MZ000001' })).toEqual({ kind: 'accepted', reference: 'MZ000001' });
    expect(health(201, { resourceType: 'Task', id: 'WJ000001' })).toEqual({ kind: 'accepted', reference: 'WJ000001' });
  });
});
