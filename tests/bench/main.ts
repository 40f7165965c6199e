import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseOptions } from './options.js';
import { markdown } from './report.js';
import { runBench } from './run.js';

// `npm run bench [-- --smoke | --duration 10 --concurrency 10 ...]`: prints the table, writes latest.json and latest.md.
const options = parseOptions(process.argv.slice(2));
const report = await runBench(options);
const table = markdown(report);
console.log(table);
if (options.resultsDir) {
  mkdirSync(options.resultsDir, { recursive: true });
  writeFileSync(join(options.resultsDir, 'latest.json'), JSON.stringify(report, null, 2) + '\n');
  writeFileSync(join(options.resultsDir, 'latest.md'), table);
  console.error(`written: ${join(options.resultsDir, 'latest.json')} and latest.md`);
}
