import type { GatewayContext } from '../context.js';
import { badInput, ErrorCode, gatewayError } from '../errors.js';
import { findClient } from './api-keys.js';
import { insertGrant, revokeGrant, type ConsentGrantModel } from './consent-store.js';
import { SCOPES, type Scope } from './viewer.js';
import { PURPOSE } from './purpose.js';

// What a resident may grant: known scopes the app itself holds, a purpose, an expiry within a year.

const MAX_DAYS = 366;

function residentOf(ctx: GatewayContext): string {
  if (ctx.viewer.kind !== 'resident') throw gatewayError(ErrorCode.FORBIDDEN, 'Consent is managed by residents themselves', { permission: 'role:resident' });
  return ctx.viewer.idNumber;
}

export async function grantConsent(
  ctx: GatewayContext,
  input: { appId: string; scopes: string[]; purpose: string; expiresAt: string },
): Promise<ConsentGrantModel> {
  const idNumber = residentOf(ctx);
  const unknown = input.scopes.filter((s) => !SCOPES.includes(s as Scope));
  if (input.scopes.length === 0 || unknown.length > 0) throw badInput(`scopes must be some of ${SCOPES.join(', ')}${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}`);
  if (!PURPOSE.test(input.purpose)) throw badInput('purpose must be lower-case letters, digits and . _ : - (at most 64), e.g. rental-application');
  const expiresAt = new Date(input.expiresAt);
  const days = (expiresAt.getTime() - ctx.now.getTime()) / 86_400_000;
  if (!(days > 0 && days <= MAX_DAYS)) throw badInput(`expiresAt must be in the future and at most ${MAX_DAYS} days ahead`);
  const app = await findClient(ctx.db, input.appId);
  if (!app || app.revokedAt) throw gatewayError(ErrorCode.NOT_FOUND, `No active app with ID ${input.appId}`);
  const beyond = input.scopes.filter((s) => !app.scopes.includes(s as Scope));
  if (beyond.length > 0) throw badInput(`App "${app.name}" does not hold ${beyond.join(', ')}; it may be granted only ${app.scopes.join(', ')}`);
  ctx.audit.markPersonal(idNumber);
  return insertGrant(ctx.db, { idNumber, appId: app.id, scopes: [...new Set(input.scopes)] as Scope[], purpose: input.purpose, expiresAt });
}

export async function revokeConsent(ctx: GatewayContext, id: string): Promise<ConsentGrantModel> {
  const idNumber = residentOf(ctx);
  const revoked = await revokeGrant(ctx.db, idNumber, id);
  if (!revoked) throw gatewayError(ErrorCode.NOT_FOUND, `You hold no consent grant with ID ${id}`);
  ctx.audit.markPersonal(idNumber);
  return revoked;
}
