import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// Every setting src/config.ts reads is documented in the README, so the table cannot fall behind.
const config = readFileSync(new URL('../../src/config.ts', import.meta.url), 'utf8');
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const settings = [...config.matchAll(/^\s+([A-Z][A-Z0-9_]+): (?:z\.|int\(|flag\()/gm)].map((m) => m[1]!);

describe('README configuration', () => {
  it('finds the settings in src/config.ts', () => expect(settings.length).toBeGreaterThan(30));

  it.each(settings)('documents %s', (name) => {
    expect(readme.includes(`\`${name}\``) || readme.includes(`UPSTREAM_<D>_${name}`) || readme.includes(`${name}\``)).toBe(true);
  });
});
