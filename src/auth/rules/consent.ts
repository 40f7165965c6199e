import { allow } from 'graphql-shield';
import { forbidden } from '../errors.js';
import { describe, viewerRule, type RuleMap } from './kit.js';

const asResident = viewerRule('as-resident', (ctx) =>
  ctx.viewer.kind === 'resident' ? true : forbidden(`Consent is managed by residents themselves, not ${describe(ctx.viewer)}`, 'role:resident'),
);

export const consentRules: RuleMap = {
  Query: { myConsents: asResident },
  Mutation: { grantConsent: asResident, revokeConsent: asResident },
  ConsentGrant: allow,
};
