import { describe, expect, it } from 'vitest';
import { operationLabels } from '../../src/observability/operation-labels.js';

describe('operation labels', () => {
  it('labels the first names seen as they are, and every later new name as "other"', () => {
    const labelOf = operationLabels([], 2);
    expect(['A', 'B', 'C', 'A', 'D', 'B'].map(labelOf)).toEqual(['A', 'B', 'other', 'A', 'other', 'B']);
  });

  it('always labels the trusted documents’ operations and anonymous ones, without using up the bound', () => {
    const labelOf = operationLabels(['query ClerkLookup { __typename }', 'query AppStatus { __typename } mutation AppApply { __typename }', 'not graphql'], 1);
    expect(['Stranger', 'Late', 'ClerkLookup', 'AppStatus', 'AppApply', 'anonymous'].map(labelOf)).toEqual(['Stranger', 'other', 'ClerkLookup', 'AppStatus', 'AppApply', 'anonymous']);
  });
});
