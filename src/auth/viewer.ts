// Who is asking, as every part of the gateway sees it. Built once per request by the context
// builder from a bearer token or an API key (src/auth/), never from anything the client merely claims.

export type StaffRole = 'clerk' | 'supervisor' | 'auditor';

/** District codes (GB/T 2260, 6 digits) a staff member serves, or the whole city. */
export type Jurisdiction = { city: true } | { city: false; districts: string[] };

export type Viewer =
  | { kind: 'anonymous' }
  | { kind: 'staff'; subject: string; role: StaffRole; jurisdiction: Jurisdiction }
  | { kind: 'resident'; subject: string; idNumber: string }
  | { kind: 'app'; appId: string; name: string; scopes: string[]; tier: string };

/** Why the data is read (X-Purpose) and for which case (X-Case-Reference), as X-Road's issue header. */
export interface Purpose {
  purpose: string | null;
  caseReference: string | null;
}
