import { createRequire } from 'node:module';
import { expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { sizeInBytes } from '../../src/limits/body-size.js';

// BODY_LIMIT is read once as HTTP's body parser reads it (its own `bytes` package), and bounds
// WebSocket messages with the same number.
const require = createRequire(createRequire(import.meta.url).resolve('body-parser'));
const bytes = require('bytes') as { parse(value: string): number | null };

it('reads BODY_LIMIT as body-parser does', () => {
  for (const limit of ['100kb', '2KB', '1.5mb', '1 gb', '512', '100b', '100k', '+3kb']) expect(sizeInBytes(limit), limit).toBe(bytes.parse(limit));
});

it('refuses at start-up a limit that is no size, rather than leave bodies and messages unbounded', () => {
  for (const limit of ['', 'lots', '0', '0kb', '-1kb']) expect(sizeInBytes(limit), limit).toBeUndefined();
  expect(() => loadConfig({ DATA_DIR: 'memory://', BODY_LIMIT: 'lots' })).toThrow(/BODY_LIMIT/);
  expect(loadConfig({ DATA_DIR: 'memory://' }).limits.bodyLimit).toBe(100 * 1024);
});
