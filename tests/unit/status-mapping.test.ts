import { describe, expect, it } from 'vitest';
import { toServiceState as civilAffairsState } from '../../src/departments/civil-affairs/mapping.js';
import { toServiceState as healthState } from '../../src/departments/health/mapping.js';
import { MATTER_STATES as housingStates } from '../../src/departments/housing/mapping.js';
import { isOverdue } from '../../src/departments/residents.js';

describe('each department’s status words map onto one ServiceState', () => {
  it.each([
    ['SUBMITTED', 'SUBMITTED'],
    ['UNDER_REVIEW', 'IN_REVIEW'],
    ['PENDING_SUPPLEMENT', 'NEEDS_MATERIALS'],
    ['APPROVED', 'APPROVED'],
    ['REJECTED', 'REJECTED'],
    ['WITHDRAWN', 'WITHDRAWN'],
  ] as const)('civil affairs %s → %s', (word, state) => expect(civilAffairsState(word)).toBe(state));

  it.each([
    ['01', 'SUBMITTED'],
    ['02', 'IN_REVIEW'],
    ['03', 'NEEDS_MATERIALS'],
    ['04', 'IN_REVIEW'],
    ['05', 'APPROVED'],
    ['06', 'REJECTED'],
    ['07', 'WITHDRAWN'],
  ] as const)('housing blzt %s → %s', (code, state) => expect(housingStates[code]).toBe(state));

  it.each([
    ['requested', 'SUBMITTED'],
    ['received', 'SUBMITTED'],
    ['accepted', 'IN_REVIEW'],
    ['in-progress', 'IN_REVIEW'],
    ['on-hold', 'NEEDS_MATERIALS'],
    ['completed', 'COMPLETED'],
    ['rejected', 'REJECTED'],
    ['cancelled', 'WITHDRAWN'],
  ] as const)('health Task %s → %s', (status, state) => expect(healthState(status)).toBe(state));
});

describe('overdue', () => {
  const now = new Date('2026-11-28T10:00:00+08:00');
  const matter = { department: 'HOUSING', reference: 'R1', matter: 'm', statusText: null, submittedAt: '2026-11-01T09:00:00+08:00', updatedAt: '2026-11-02T09:00:00+08:00' } as const;

  it('is an open matter past its due time', () => {
    expect(isOverdue({ ...matter, status: 'IN_REVIEW', dueAt: '2026-11-27T23:59:59+08:00' }, now)).toBe(true);
  });

  it('is never a closed matter, nor one without a due time, nor one due later', () => {
    expect(isOverdue({ ...matter, status: 'APPROVED', dueAt: '2026-11-27T23:59:59+08:00' }, now)).toBe(false);
    expect(isOverdue({ ...matter, status: 'IN_REVIEW', dueAt: null }, now)).toBe(false);
    expect(isOverdue({ ...matter, status: 'SUBMITTED', dueAt: '2026-11-29T23:59:59+08:00' }, now)).toBe(false);
  });
});
