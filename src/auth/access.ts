import DataLoader from 'dataloader';
import type { GraphQLError } from 'graphql';
import type { DepartmentLoaders } from '../departments/index.js';
import type { Queryable } from '../db/database.js';
import { grantsForApp, isActive, type ConsentGrantModel } from './consent-store.js';
import { forbidden } from './errors.js';
import { mask } from './masking.js';
import type { Purpose, Scope, Viewer } from './viewer.js';

export type Decision = true | GraphQLError;

/**
 * Who may see which resident, decided once per resident per request (rules ask for every field;
 * the answers come from here). Consent grants are read in one query per batch of residents.
 */
export class Access {
  private readonly subjects = new Map<string, Promise<Decision>>();
  private readonly consents: DataLoader<string, ConsentGrantModel[]> | undefined;

  constructor(
    readonly viewer: Viewer,
    readonly purpose: Purpose,
    private readonly departments: DepartmentLoaders,
    db: Queryable,
    private readonly now: Date,
  ) {
    const app = viewer.kind === 'app' ? viewer.appId : undefined;
    this.consents = app ? new DataLoader((ids) => grantsForApp(db, app, ids), { maxBatchSize: 500 }) : undefined;
  }

  /** May the viewer see this resident at all: jurisdiction, self, or a consent for this app and purpose. */
  subject(idNumber: string): Promise<Decision> {
    let decision = this.subjects.get(idNumber);
    if (!decision) {
      decision = this.decideSubject(idNumber);
      this.subjects.set(idNumber, decision);
    }
    return decision;
  }

  /** For apps: does the resident's consent cover this scope? (Other viewers hold no scopes.) Any usable grant may. */
  async consentCovers(idNumber: string, scope: Scope): Promise<Decision> {
    if (!this.consents) return true;
    if ((await this.consents.load(idNumber)).some((g) => this.usable(g) && g.scopes.includes(scope))) return true;
    return forbidden(`Consent of resident ${mask('idNumber', idNumber)} for app "${this.appName}" does not cover ${scope}`, `consent:${scope}`);
  }

  /**
   * May this app submit a one-window case for the resident: its key holds cases:write, the request
   * states a purpose, and the resident holds an active grant to this app, for that purpose, covering
   * cases:write. Staff and residents submit by role (src/cases/permissions.ts), never through consent.
   */
  async maySubmitCaseFor(idNumber: string): Promise<Decision> {
    const { viewer } = this;
    if (viewer.kind !== 'app') return forbidden(`Only apps submit cases on a resident's consent; a ${viewer.kind} submits by role`, 'app');
    if (!viewer.scopes.includes('cases:write')) return forbidden(`App "${viewer.name}" lacks permission cases:write`, 'cases:write');
    const subject = await this.subject(idNumber);
    return subject === true ? this.consentCovers(idNumber, 'cases:write') : subject;
  }

  private get appName() {
    return this.viewer.kind === 'app' ? this.viewer.name : '';
  }

  private usable(grant: ConsentGrantModel) {
    return isActive(grant, this.now) && grant.purpose === this.purpose.purpose;
  }

  private async decideSubject(idNumber: string): Promise<Decision> {
    const { viewer } = this;
    const who = mask('idNumber', idNumber);
    switch (viewer.kind) {
      case 'resident':
        return idNumber === viewer.idNumber ? true : forbidden(`Residents may read only their own data, not resident ${who}`, 'self');
      case 'staff': {
        if (viewer.role === 'auditor') return forbidden('Auditors read the audit log, not residents\' data', 'role:clerk|supervisor');
        if (viewer.jurisdiction.city) return true;
        const { districts } = viewer.jurisdiction;
        if (districts.includes(idNumber.slice(0, 6))) return true;
        // Born elsewhere but registered here: civil affairs holds where the resident is registered now.
        const record = await this.departments.civilAffairs.load(idNumber).catch((error: Error) => error);
        if (record instanceof Error) {
          return forbidden(`Resident ${who} is not shown to be in your jurisdiction (${districts.join(', ')}): civil affairs, which holds registered districts, is unavailable`, 'jurisdiction');
        }
        if (record && districts.includes(record.profile.districtCode)) return true;
        return forbidden(`Resident ${who} is outside your jurisdiction (${districts.join(', ')})`, 'jurisdiction');
      }
      case 'app':
        return this.decideConsent(idNumber, who);
    }
  }

  private async decideConsent(idNumber: string, who: string): Promise<Decision> {
    const app = this.appName;
    const { purpose } = this.purpose;
    if (!purpose) return forbidden(`App "${app}" must state a purpose (X-Purpose) to read residents: consent is given for a purpose`, 'purpose');
    const grants = await this.consents!.load(idNumber);
    if (grants.some((g) => this.usable(g))) return true;
    const forPurpose = grants.filter((g) => g.purpose === purpose);
    if (grants.length === 0) return forbidden(`Resident ${who} has not consented to app "${app}"`, 'consent');
    if (forPurpose.length === 0) {
      return forbidden(`Consent of resident ${who} for app "${app}" is for purpose ${grants.map((g) => `"${g.purpose}"`).join(', ')}, not "${purpose}"`, 'consent:purpose');
    }
    const latest = forPurpose.reduce((a, b) => (a.expiresAt > b.expiresAt ? a : b));
    if (latest.revokedAt) return forbidden(`Resident ${who} revoked consent for app "${app}" on ${latest.revokedAt.toISOString()}`, 'consent');
    return forbidden(`Consent of resident ${who} for app "${app}" expired on ${latest.expiresAt.toISOString()}`, 'consent');
  }
}
