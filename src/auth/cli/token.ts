import { parseArgs } from 'node:util';
import { loadConfig } from '../../config.js';
import { devToken } from '../dev-tokens.js';
import type { DevTokenRequest } from '../dev-tokens.js';

// `npm run token -- --role clerk|supervisor|auditor|resident [--district 110105[,110108]] [--id-number ...]`
// prints a development JWT the gateway accepts on its embedded defaults (same DATA_DIR, not production).

try {
  const { values } = parseArgs({
    options: {
      role: { type: 'string', default: 'clerk' },
      district: { type: 'string', multiple: true },
      'id-number': { type: 'string' },
      sub: { type: 'string' },
      expires: { type: 'string', default: '8h' },
    },
  });
  const request: DevTokenRequest = {
    role: values.role as DevTokenRequest['role'],
    districts: values.district?.flatMap((d) => d.split(',')),
    idNumber: values['id-number'],
    subject: values.sub,
    expiresIn: values.expires,
  };
  process.stdout.write(`${await devToken(loadConfig().auth, request)}\n`);
} catch (error) {
  process.stderr.write(`token: ${(error as Error).message}\n`);
  process.exit(1);
}
