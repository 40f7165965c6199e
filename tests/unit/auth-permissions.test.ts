import { makeExecutableSchema } from '@graphql-tools/schema';
import { graphql } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { and, rule } from 'graphql-shield';
import { describe, expect, it } from 'vitest';
import { MODULE_RULES, mergeRules, permissions } from '../../src/auth/permissions.js';
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

  it('refuses two modules giving different rules one name, since results are cached by name', () => {
    const allowAll = rule('shared', { cache: 'contextual' })(() => true);
    const auditorsOnly = rule('shared', { cache: 'contextual' })(() => false);
    const schema = makeExecutableSchema({ typeDefs: loadTypeDefs(), resolvers });
    expect(() => permissions(schema, [{ Query: { resident: allowAll } }, { Query: { residents: and(auditorsOnly) } }])).toThrow(
      'Two rules are named "shared" (on Query.resident and Query.residents)',
    );
  });

  it('accepts the modules as they are: one rule may guard many fields', () => {
    expect(() => mergeRules(MODULE_RULES)).not.toThrow();
  });
});
