import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { population } from '../../mocks/seed/population.js';
import { startStack, type Stack } from '../support/stack.js';

// The cost of an operation is remembered per shape of its variables, never across shapes.
describe('query cost of one operation with lists of different lengths', () => {
  let stack: Stack;
  beforeAll(async () => (stack = await startStack({ env: { MAX_COST: '300' } })));
  afterAll(() => stack.close());

  const LIST = `query Desk($ids: [IdCardNumber!]!) { residents(idNumbers: $ids) { name housing { subsidies { kind } } } }`;
  const ids = population().residents.map((r) => r.idNumber);

  it('accepts it for 2 residents, then refuses the same operation for 50', async () => {
    const small = await stack.graphql(LIST, { ids: ids.slice(0, 2) });
    expect(small.body.errors).toBeUndefined();
    const large = await stack.graphql(LIST, { ids: ids.slice(0, 50) });
    expect(large.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    const smallAgain = await stack.graphql(LIST, { ids: ids.slice(2, 4) });
    expect(smallAgain.body.errors).toBeUndefined();
  });
});
