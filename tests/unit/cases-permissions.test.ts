import { allow } from 'graphql-shield';
import { describe, expect, it } from 'vitest';
import type { ShieldRule } from '../../src/auth/rules/kit.js';
import { casesRules } from '../../src/cases/permissions.js';

// Rule results are cached per request by name: the cases module's rules carry names of their own.

describe('the rules of one-window cases', () => {
  const guarded = Object.values(casesRules).flatMap((rules) => (rules.constructor === Object ? Object.values(rules as Record<string, ShieldRule>) : [rules as ShieldRule]));

  it('are named cases-<what>, apart from the allowed types', () => {
    const names = new Set(guarded.filter((rule) => rule !== allow).map((rule) => (rule as { name: string }).name));
    expect([...names].sort()).toEqual(['cases-rate', 'cases-read', 'cases-read-one', 'cases-staff', 'cases-submit', 'cases-supervise']);
  });
});
