import { makeExecutableSchema } from '@graphql-tools/schema';
import { graphql } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { describe, expect, it } from 'vitest';
import { mergeRules, permissions } from '../../src/auth/permissions.js';
import { residentRules } from '../../src/auth/rules/resident.js';
import { loadTypeDefs } from '../../src/schema.js';
import { resolvers } from '../../resolvers/index.js';

describe('deny by default', () => {
  it('denies a field added to the schema without a rule, naming it', async () => {
    const typeDefs = [...loadTypeDefs(), 'extend type Query { newField: String }'];
    const base = makeExecutableSchema({ typeDefs, resolvers: [...resolvers, { Query: { newField: () => 'secret' } }] });
    const schema = applyMiddleware(base, permissions(base));
    const result = await graphql({ schema, source: '{ newField }', contextValue: {} });
    expect(result.data?.newField).toBeNull();
    expect(result.errors?.[0]?.message).toBe('No rule grants Query.newField: denied by default');
    expect(result.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it('refuses two modules ruling the same field', () => {
    expect(() => mergeRules([residentRules, { Query: residentRules.Query! }])).toThrow(/both rule Query\.resident/);
  });
});
