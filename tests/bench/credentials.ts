import { loadConfig } from '../../src/config.js';
import { devToken } from '../../src/auth/dev-tokens.js';

// Who the bench is to the gateway: a development clerk for the whole city (what
// `npm run token -- --role clerk` prints), reading for the purpose "benchmark". The one place to
// change when the way staff sign in changes.

/** Headers for every bench request; the token is signed with the development key the gateway verifies with. */
export async function credentials(gatewayEnv: Record<string, string>): Promise<Record<string, string>> {
  const { auth } = loadConfig({ ...process.env, ...gatewayEnv });
  const token = await devToken(auth, { role: 'clerk', subject: 'bench-clerk', expiresIn: '12h' });
  return { authorization: `Bearer ${token}`, 'x-purpose': 'benchmark' };
}
