import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  // graphql 16 ships a CommonJS and an ES module build without an exports map: Node (and so
  // Apollo Server, graphql-shield) loads the CommonJS one, Vite would give test code the other,
  // and schema objects from two builds refuse each other. One build for all, as under Node.
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
