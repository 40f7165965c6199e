import { createHmac, timingSafeEqual } from 'node:crypto';

// Departments sign every call to /hooks/*: HMAC-SHA256 over "<timestamp>.<raw body>" with the
// department's shared secret. The timestamp bounds replays in time; the replay guard within it.

export const TIMESTAMP_HEADER = 'x-ow-timestamp';
export const SIGNATURE_HEADER = 'x-ow-signature';
export const TOLERANCE_SECONDS = 300;

export function sign(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return { [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: `sha256=${mac}` };
}

export type Verification = { ok: true; signature: string } | { ok: false; reason: string };

export function verify(secret: string, body: string, headers: Record<string, unknown>, now = Date.now()): Verification {
  const timestamp = headers[TIMESTAMP_HEADER];
  const signature = headers[SIGNATURE_HEADER];
  if (typeof timestamp !== 'string' || typeof signature !== 'string') return { ok: false, reason: 'missing signature headers' };
  const seconds = Number(timestamp);
  if (!Number.isInteger(seconds)) return { ok: false, reason: 'timestamp is not a number of seconds' };
  if (Math.abs(now / 1000 - seconds) > TOLERANCE_SECONDS) return { ok: false, reason: 'timestamp outside the allowed window' };
  const expected = Buffer.from(sign(secret, body, seconds)[SIGNATURE_HEADER]!);
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature does not match' };
  return { ok: true, signature };
}
