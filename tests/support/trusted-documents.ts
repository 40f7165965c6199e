import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256 } from '../../src/persisted-queries/trusted-documents.js';

/** A trusted-documents manifest ({sha256: document}) of these documents, in a folder of its own: its path, for TRUSTED_DOCUMENTS_FILE. */
export function manifestFile(...documents: string[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'ow-trusted-')), 'manifest.json');
  writeFileSync(file, JSON.stringify(Object.fromEntries(documents.map((d) => [sha256(d), d]))));
  return file;
}
