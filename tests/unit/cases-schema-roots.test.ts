import { readFileSync, readdirSync } from 'node:fs';
import { Kind, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSchema } from '../../src/schema.js';

// The roots live in base.graphql; cases, consent and every other module extend them, so no two
// files define one root and a module can be added or removed without touching another's SDL.

const dir = new URL('../../schema/', import.meta.url);
const ROOTS = ['Query', 'Mutation', 'Subscription'];

describe('schema roots', () => {
  it('are defined in base.graphql only, and extended elsewhere', () => {
    const definedIn = readdirSync(dir)
      .filter((f) => f.endsWith('.graphql'))
      .flatMap((file) =>
        parse(readFileSync(new URL(file, dir), 'utf8'))
          .definitions.filter((d) => d.kind === Kind.OBJECT_TYPE_DEFINITION && ROOTS.includes(d.name.value))
          .map((d) => `${(d as { name: { value: string } }).name.value} in ${file}`),
      );
    expect(definedIn.sort()).toEqual(['Mutation in base.graphql', 'Query in base.graphql', 'Subscription in base.graphql']);
  });

  it('gather every module\'s fields', () => {
    const schema = buildSchema();
    expect(Object.keys(schema.getMutationType()!.getFields()).sort()).toEqual(['grantConsent', 'rateCase', 'revokeConsent', 'submitCase']);
    expect(Object.keys(schema.getSubscriptionType()!.getFields()).sort()).toEqual(['caseUpdated', 'casesUpdated']);
  });
});
