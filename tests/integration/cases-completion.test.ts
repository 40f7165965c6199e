import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeIfDone } from '../../src/cases/progress.js';
import { demoKnownTo } from '../support/demo.js';
import { startStack, type Stack } from '../support/stack.js';
import { CASE, FAST_DISPATCH, completeCase, submitCase } from '../support/cases.js';

// A case completes once: closing a part a second time (a department's refusal heard again after a
// dispatcher's lease was reclaimed) finds it completed and adds nothing to its history.

const everywhere = demoKnownTo('CIVIL_AFFAIRS', 'HOUSING', 'HEALTH');

describe('a completed case', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: FAST_DISPATCH });
  });
  afterAll(() => stack.close());

  it('is not completed again, nor its completion recorded twice', async () => {
    const n = (await submitCase(stack, 'NEWBORN', '110105', everywhere.idNumber)).acceptanceNumber;
    await completeCase(stack, n, new Date().toISOString());
    const { rows } = await stack.gateway.db.query<{ id: string }>('SELECT id::text AS id FROM cases WHERE acceptance_number = $1', [n]);
    expect(await completeIfDone(stack.gateway.db, rows[0]!.id)).toBe(false);
    const { body } = await stack.graphql(CASE, { n });
    expect(body.data.case.state).toBe('COMPLETED');
    expect(body.data.case.history.filter((e: { kind: string }) => e.kind === 'COMPLETED')).toHaveLength(1);
  });
});
