import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { verifyChain } from './store.js';

// `npm run audit -- verify`: walks the hash chain; exit 0 when intact, 2 naming the first broken record.

const [command] = process.argv.slice(2);
if (command !== 'verify') {
  process.stderr.write('usage: npm run audit -- verify\n');
  process.exit(1);
}
const config = loadConfig();
const db = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
let code = 0;
try {
  await migrate(db);
  const { checked, broken } = await verifyChain(db);
  if (broken) {
    process.stdout.write(`BROKEN at record ${broken.seq}: ${broken.reason} (${checked} records before it are intact)\n`);
    code = 2;
  } else process.stdout.write(`OK: ${checked} audit records, hash chain intact\n`);
} finally {
  await db.close();
}
process.exit(code);
