import { readFileSync, readdirSync } from 'node:fs';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { applyMiddleware } from 'graphql-middleware';
import { maskingMiddleware } from './auth/masking.js';
import { permissions } from './auth/permissions.js';
import { resolvers } from '../resolvers/index.js';

const SCHEMA_DIR = new URL('../schema/', import.meta.url);

/** base.graphql first, then each department's extension of it. */
export function loadTypeDefs(): string[] {
  const files = readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.graphql'));
  files.sort((a, b) => (a === 'base.graphql' ? -1 : b === 'base.graphql' ? 1 : a.localeCompare(b)));
  return files.map((f) => readFileSync(new URL(f, SCHEMA_DIR), 'utf8'));
}

/** Authorization (graphql-shield, deny by default) wraps every field; masking then wraps the personal ones. */
export function buildSchema() {
  const schema = makeExecutableSchema({ typeDefs: loadTypeDefs(), resolvers });
  return applyMiddleware(schema, permissions(schema), maskingMiddleware(schema));
}
