import { exportSPKI } from 'jose';
import { DEV_HOOK_SECRETS, loadConfig } from '../../src/config.js';
import { DEV_ALG, devKey } from '../../src/auth/dev-key.js';
import { devToken } from '../../src/auth/dev-tokens.js';

// Who the bench is to the gateway: a development clerk for the whole city (what
// `npm run token -- --role clerk` prints), reading for the purpose "benchmark". The one place to
// change when the way staff sign in changes.

/** Headers for every bench request; the token is signed with the development key (see productionEnv). */
export async function credentials(gatewayEnv: Record<string, string>): Promise<Record<string, string>> {
  const { auth } = loadConfig({ ...process.env, ...gatewayEnv, NODE_ENV: 'development' });
  const token = await devToken(auth, { role: 'clerk', subject: 'bench-clerk', expiresIn: '12h' });
  return { authorization: `Bearer ${token}`, 'x-purpose': 'benchmark' };
}

/**
 * The gateway runs as a city deploys it, NODE_ENV=production: graphql-js then skips its development
 * checks (a cross-realm test on every failed instanceof: 4.3% of list50-warm's CPU profiled in
 * development, absent in production). BENCH_DEVELOPMENT=1 runs it as `npm start` does. Production takes
 * tokens only from an identity provider's key: here, the public half of the development key the
 * bench signs with. The hook secrets and public URL it requires are unused by the bench.
 */
export async function productionEnv(gatewayEnv: Record<string, string>): Promise<Record<string, string>> {
  const key = await devKey(gatewayEnv.AUTH_DEV_KEY_FILE!);
  return {
    NODE_ENV: 'production',
    AUTH_PUBLIC_KEY: await exportSPKI(key.publicKey),
    AUTH_ALGORITHM: DEV_ALG,
    PUBLIC_URL: 'http://127.0.0.1',
    HOOK_SECRET_CIVIL_AFFAIRS: DEV_HOOK_SECRETS.civilAffairs,
    HOOK_SECRET_HOUSING: DEV_HOOK_SECRETS.housing,
    HOOK_SECRET_HEALTH: DEV_HOOK_SECRETS.health,
  };
}
