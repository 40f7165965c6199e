import { readFileSync } from 'node:fs';
import { executeCodegen } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import config from '../../codegen.ts';

// The committed resolver types must be what `npm run codegen` makes of schema/ today.
describe('generated types', () => {
  it('are up to date with schema/ (run `npm run codegen` and commit src/generated/)', async () => {
    const { result } = await executeCodegen({ ...config, cwd: new URL('../..', import.meta.url).pathname, silent: true });
    for (const file of result) {
      const committed = readFileSync(new URL(`../../${file.filename}`, import.meta.url), 'utf8');
      expect(committed, file.filename).toBe(file.content);
    }
    expect(result.length).toBeGreaterThan(0);
  });
});
