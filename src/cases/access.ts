import type { Jurisdiction, Viewer } from '../auth/viewer.js';
import type { GatewayContext } from '../context.js';
import { forbidden } from '../auth/errors.js';
import type { CaseModel } from './model.js';

// Who may do what with cases. Shield rules (permissions.ts) guard the fields; these checks guard
// the data itself (which district, whose case), so a list is filtered, not refused.

/** A district the staff member does not serve, named (so the refusal is not mistaken for an empty answer). */
export const outsideJurisdiction = (district: string) => forbidden(`District ${district} is outside your jurisdiction`, 'jurisdiction');

type Staff = Extract<Viewer, { kind: 'staff' }>;
type App = Extract<Viewer, { kind: 'app' }>;

/** The districts a staff member serves; undefined for the whole city. */
export function districtsOf(jurisdiction: Jurisdiction): string[] | undefined {
  return jurisdiction.city ? undefined : jurisdiction.districts;
}

export function inJurisdiction(jurisdiction: Jurisdiction, district: string): boolean {
  return jurisdiction.city || jurisdiction.districts.includes(district);
}

/** How a case names who submitted it, and keys their idempotency: the audit log's actor for an app. */
export const submitterOf = (viewer: Staff | App): string => (viewer.kind === 'app' ? `app:${viewer.appId}` : `${viewer.role}:${viewer.subject}`);

/**
 * Staff within the case's district, the resident whose case it is, or the app that submitted it while
 * the resident's consent to submit (cases:write, for the stated purpose) holds. Such an app is told why
 * once the consent lapses: it knows the case exists. Anyone else learns nothing (false).
 */
export async function maySee(ctx: GatewayContext, c: CaseModel): Promise<boolean> {
  const { viewer } = ctx;
  switch (viewer.kind) {
    case 'staff':
      return viewer.role !== 'auditor' && inJurisdiction(viewer.jurisdiction, c.district);
    case 'resident':
      return viewer.idNumber === c.idNumber;
    case 'app': {
      if (c.submittedBy !== submitterOf(viewer)) return false;
      const consent = await ctx.access.maySubmitCaseFor(c.idNumber);
      if (consent !== true) throw consent;
      return true;
    }
  }
}

/** Clerks and supervisors, within their jurisdiction: the staff who work cases. */
export function requireCaseStaff(viewer: Viewer): Staff {
  if (viewer.kind !== 'staff' || viewer.role === 'auditor') throw forbidden('Only clerks and supervisors work with one-window cases', 'role:clerk|supervisor');
  return viewer;
}

export function requireSupervisor(viewer: Viewer): Staff {
  const staff = requireCaseStaff(viewer);
  if (staff.role !== 'supervisor') throw forbidden('The supervisor view needs the supervisor role', 'role:supervisor');
  return staff;
}
