import type { Jurisdiction, Viewer } from '../auth/viewer.js';
import type { GatewayContext } from '../context.js';
import { ErrorCode, gatewayError } from '../errors.js';
import type { CaseModel } from './model.js';

// Who may do what with cases. Shield rules (permissions.ts) guard the fields; these checks guard
// the data itself (which district, whose case), so a list is filtered, not refused.

/** The context builder refuses anonymous requests; null stands for nobody signed in where a caller has no context. */
export function viewerOf(ctx: GatewayContext): Viewer | null {
  return ctx.viewer;
}

export const forbidden = (message: string) => gatewayError(ErrorCode.FORBIDDEN, message);

/** The districts a staff member serves; undefined for the whole city. */
export function districtsOf(jurisdiction: Jurisdiction): string[] | undefined {
  return jurisdiction.city ? undefined : jurisdiction.districts;
}

export function inJurisdiction(jurisdiction: Jurisdiction, district: string): boolean {
  return jurisdiction.city || jurisdiction.districts.includes(district);
}

/** Staff within the case's district, or the resident whose case it is. */
export function maySee(viewer: Viewer | null, c: CaseModel): boolean {
  if (!viewer) return false;
  if (viewer.kind === 'staff') return viewer.role !== 'auditor' && inJurisdiction(viewer.jurisdiction, c.district);
  if (viewer.kind === 'resident') return viewer.idNumber === c.idNumber;
  return false;
}

/** Clerks and supervisors, within their jurisdiction: the staff who work cases. */
export function requireCaseStaff(viewer: Viewer | null): Extract<Viewer, { kind: 'staff' }> {
  if (!viewer) throw gatewayError(ErrorCode.UNAUTHENTICATED, 'Sign in to work with one-window cases');
  if (viewer.kind !== 'staff' || viewer.role === 'auditor') throw forbidden('Only clerks and supervisors work with one-window cases');
  return viewer;
}

export function requireSupervisor(viewer: Viewer | null): Extract<Viewer, { kind: 'staff' }> {
  const staff = requireCaseStaff(viewer);
  if (staff.role !== 'supervisor') throw forbidden('The supervisor view needs the supervisor role');
  return staff;
}
