import { parseArgs } from 'node:util';
import { loadConfig } from '../../config.js';
import { openDatabase } from '../../db/database.js';
import { migrate } from '../../db/migrate.js';
import { createClient, listClients, revokeClient } from '../api-keys.js';
import { SCOPES, TIERS, type Scope, type Tier } from '../viewer.js';

// `npm run client -- create --name "Rental helper" --scopes resident:basic,housing:read [--tier standard]`
// `npm run client -- list`, `npm run client -- revoke <app id>`. Uses DATABASE_URL, else the PGlite in DATA_DIR.

const USAGE = `usage: npm run client -- create --name <name> --scopes <${SCOPES.join(',')}> [--tier ${TIERS.join('|')}]
       npm run client -- list
       npm run client -- revoke <app id>`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { name: { type: 'string' }, scopes: { type: 'string' }, tier: { type: 'string', default: 'standard' } },
});
const fail = (message: string): never => {
  process.stderr.write(`client: ${message}\n${USAGE}\n`);
  process.exit(1);
};

const config = loadConfig();
const db = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
try {
  await migrate(db);
  const [command, id] = positionals;
  if (command === 'create') {
    const name = values.name?.trim() || fail('--name is required');
    const scopes = (values.scopes ?? '').split(',').filter(Boolean);
    const unknown = scopes.filter((s) => !SCOPES.includes(s as Scope));
    if (scopes.length === 0 || unknown.length) fail(`--scopes must be some of ${SCOPES.join(', ')}${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}`);
    if (!TIERS.includes(values.tier as Tier)) fail(`--tier must be one of ${TIERS.join(', ')}`);
    const { client, key } = await createClient(db, { name, scopes: scopes as Scope[], tier: values.tier as Tier });
    process.stdout.write(`app id: ${client.id}\nname:   ${client.name}\nscopes: ${client.scopes.join(', ')}\ntier:   ${client.tier}\nAPI key (shown once, store it now): ${key}\n`);
  } else if (command === 'list') {
    for (const c of await listClients(db)) {
      process.stdout.write(`${c.id}\t${c.revokedAt ? `revoked ${c.revokedAt.toISOString()}` : 'active'}\t${c.tier}\t${c.scopes.join(',')}\t${c.name}\n`);
    }
  } else if (command === 'revoke') {
    const revoked = await revokeClient(db, id ?? fail('revoke needs an app id'));
    if (!revoked) fail(`no app with id ${id}`);
    process.stdout.write(`revoked ${revoked!.id} (${revoked!.name}) at ${revoked!.revokedAt!.toISOString()}\n`);
  } else fail(command ? `unknown command ${command}` : 'a command is required');
} finally {
  await db.close();
}
