// Who is asking, as every part of the gateway sees it. Built once per request by the context
// builder from a bearer token or an API key (src/auth/), never from anything the client merely claims.

export const STAFF_ROLES = ['clerk', 'supervisor', 'auditor'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** What an app's API key (and a resident's consent) can grant. `cases:write`: submit a one-window case for the resident. */
export const SCOPES = ['resident:basic', 'civil_affairs:read', 'housing:read', 'health:read', 'matters:read', 'cases:write'] as const;
export type Scope = (typeof SCOPES)[number];

/** API-key tiers, each with its own requests-per-window (config.rateLimits.app). */
export const TIERS = ['basic', 'standard', 'premium'] as const;
export type Tier = (typeof TIERS)[number];

/** District codes (GB/T 2260, 6 digits) a staff member serves, or the whole city. */
export type Jurisdiction = { city: true } | { city: false; districts: string[] };

export type Viewer =
  | { kind: 'staff'; subject: string; role: StaffRole; jurisdiction: Jurisdiction }
  | { kind: 'resident'; subject: string; idNumber: string }
  | { kind: 'app'; appId: string; name: string; scopes: Scope[]; tier: Tier };

/** Why the data is read (X-Purpose) and for which case (X-Case-Reference), as X-Road's issue header. */
export interface Purpose {
  purpose: string | null;
  caseReference: string | null;
}

/** The role as the audit log and error messages name it. */
export const roleOf = (viewer: Viewer): string => (viewer.kind === 'staff' ? viewer.role : viewer.kind);

export const actorOf = (viewer: Viewer): string => (viewer.kind === 'app' ? `app:${viewer.appId}` : `${viewer.kind}:${viewer.subject}`);
