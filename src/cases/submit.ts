import { createHash } from 'node:crypto';
import { z } from 'zod';
import { URL_NAME } from '../config.js';
import type { GatewayContext } from '../context.js';
import type { Database } from '../db/database.js';
import { ErrorCode, badInput, gatewayError } from '../errors.js';
import type { SubmitCaseInput } from '../generated/graphql.js';
import { findResident, nameOf } from '../departments/residents.js';
import { decideAsked } from '../auth/asked.js';
import type { Jurisdiction } from '../auth/viewer.js';
import { inJurisdiction, outsideJurisdiction, requireCaseStaff, submitterOf } from './access.js';
import { MATERIALS, materialsOf, matterByCode, type CatalogueMatter } from './catalogue.js';
import { DEPARTMENT_CODE } from '../config.js';
import type { CaseModel } from './model.js';
import { caseForViewer, casesForViewer } from './read.js';
import { addEvent } from './store.js';
import type { Application } from './wire.js';
import { addWorkingDays, beijingDate } from './working-days.js';

export interface SubmitDeps {
  db: Database;
  /** Where departments report progress: the gateway's public URL. */
  callbackBase(): string;
  /** Called once the case is durable, to dispatch it and tell subscribers. */
  accepted(c: CaseModel): void;
}

const fields = z.object({
  idempotencyKey: z.string().regex(/^[\w.:-]{1,128}$/, 'Idempotency key: 1 to 128 letters, digits, ".", ":", "_" or "-"').optional(),
  district: z.string().regex(/^\d{6}$/, 'district must be a 6-digit district code (GB/T 2260)').optional(),
  note: z.string().max(500, 'note: at most 500 characters').optional(),
});

/**
 * Accepts one application: checks who submits (a clerk, or an app on the resident's consent), the
 * matter, the materials and the resident, then writes the case, its parts, its history and one
 * outbox row per department in one transaction.
 * No department is called here; the acceptance number is answered as soon as the case is durable.
 */
export async function submitCase(deps: SubmitDeps, ctx: GatewayContext, input: SubmitCaseInput, headerKey: string | null) {
  const submitter = await submitterFor(ctx, input);
  const checked = fields.safeParse({ idempotencyKey: input.idempotencyKey ?? headerKey ?? undefined, district: input.district ?? undefined, note: input.note ?? undefined });
  if (!checked.success) throw badInput(checked.error.issues.map((i) => i.message).join('; '));
  const { idempotencyKey, note } = checked.data;
  if (input.idempotencyKey && headerKey && input.idempotencyKey !== headerKey) throw badInput('The Idempotency-Key header and input.idempotencyKey differ; send one');

  const matter = matterByCode(input.matter);
  if (!matter) throw badInput(`Unknown matter ${JSON.stringify(input.matter)}`, { field: 'matter' });
  checkMaterials(matter, input.materials);

  const submittedBy = submitter.id;
  const requestHash = hash({ matter: matter.code, idNumber: input.idNumber, district: input.district ?? null, materials: [...input.materials].sort(), note: note ?? null });
  if (idempotencyKey) {
    const earlier = await byKey(ctx, submittedBy, idempotencyKey, requestHash);
    if (earlier) return { case: earlier, replayed: true };
  }

  const resident = await findResident(ctx, input.idNumber);
  if (!resident) throw gatewayError(ErrorCode.NOT_FOUND, `No department knows a resident with ID number ${input.idNumber}`, { field: 'idNumber' });
  const residentName = await nameOf(ctx, resident.idNumber);
  const district = checked.data.district ?? (await residentDistrict(ctx, resident.idNumber, submitter));
  if (submitter.jurisdiction && !inJurisdiction(submitter.jurisdiction, district)) throw outsideJurisdiction(district);

  // The request's time, not the database's: the acceptance day and the submission instant agree.
  const submittedAt = ctx.now.toISOString();
  const acceptedOn = beijingDate(ctx.now);
  const id = await deps.db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string; acceptance_number: string }>(
      `INSERT INTO cases (acceptance_number, matter, resident_id, resident_name, district, state, submitted_by, submitted_via, idempotency_key,
                          request_hash, note, submitted_at, accepted_on, time_limit_days, due_on)
       VALUES ('YC-' || $1 || '-' || $2 || '-' || lpad(nextval('case_acceptance_seq')::text, 6, '0'), $3, $4, $5, $2, 'ACCEPTED', $6, $14, $7,
               $8, $9, $10, $11, $12, $13)
       ON CONFLICT (submitted_by, idempotency_key) DO NOTHING
       RETURNING id::text AS id, acceptance_number`,
      [acceptedOn.replaceAll('-', ''), district, matter.code, resident.idNumber, residentName, submittedBy, idempotencyKey ?? null,
       requestHash, note ?? null, submittedAt, acceptedOn, matter.timeLimitDays, addWorkingDays(acceptedOn, matter.timeLimitDays), submitter.via],
    );
    const created = rows[0];
    if (!created) return null;
    await addEvent(tx, created.id, 'ACCEPTED', { note: submitter.acceptedNote, at: submittedAt });
    for (const part of matter.parts) {
      const department = DEPARTMENT_CODE[part.department];
      await tx.query(
        `INSERT INTO case_parts (case_id, department, state, services, materials, time_limit_days, due_on) VALUES ($1, $2, 'AWAITING_DISPATCH', $3, $4, $5, $6)`,
        [created.id, department, JSON.stringify(part.services), JSON.stringify(part.materials), part.timeLimitDays, addWorkingDays(acceptedOn, part.timeLimitDays)],
      );
      const application: Application = {
        acceptanceNumber: created.acceptance_number,
        idNumber: resident.idNumber,
        matter: matter.code,
        services: [...part.services],
        materials: [...part.materials],
        callbackUrl: `${deps.callbackBase()}/hooks/${URL_NAME[part.department]}/cases`,
      };
      await tx.query('INSERT INTO case_outbox (case_id, department, payload) VALUES ($1, $2, $3)', [created.id, part.department, JSON.stringify(application)]);
    }
    return created.id;
  });
  if (id === null) return { case: await raceWinner(ctx, submittedBy, idempotencyKey!, requestHash), replayed: true };
  const created = (await casesForViewer(ctx, [id]))[0]!;
  deps.accepted(created);
  return { case: created, replayed: false };
}

function checkMaterials(matter: CatalogueMatter, given: readonly string[]): void {
  const unknown = given.filter((code) => !(code in MATERIALS));
  if (unknown.length > 0) throw badInput(`Unknown material codes: ${unknown.join(', ')}`, { field: 'materials', unknown });
  const missing = materialsOf(matter).filter((code) => !given.includes(code));
  if (missing.length > 0) {
    throw badInput(`Materials missing for ${matter.name}: ${missing.map((c) => `${c} (${MATERIALS[c]})`).join(', ')}`, { field: 'materials', missing });
  }
}

/** Another request with the same key won the race to insert: its case, or CONFLICT when it cannot be read back. */
async function raceWinner(ctx: GatewayContext, submittedBy: string, key: string, requestHash: string): Promise<CaseModel> {
  const winner = await byKey(ctx, submittedBy, key, requestHash);
  if (!winner) throw gatewayError(ErrorCode.CONFLICT, `Idempotency key ${key} was taken by another submission at the same moment; send it again to get its case`, { field: 'idempotencyKey' });
  return winner;
}

/** The case this submitter made with this key: null when there is none, CONFLICT when the key went to another submission. */
async function byKey(ctx: GatewayContext, submittedBy: string, key: string, requestHash: string): Promise<CaseModel | null> {
  const { rows } = await ctx.cases.db.query<{ acceptance_number: string; request_hash: string }>(
    'SELECT acceptance_number, request_hash FROM cases WHERE submitted_by = $1 AND idempotency_key = $2',
    [submittedBy, key],
  );
  const row = rows[0];
  if (!row) return null;
  if (row.request_hash !== requestHash) {
    throw gatewayError(ErrorCode.CONFLICT, `Idempotency key ${key} was already used for a different submission (case ${row.acceptance_number})`, { acceptanceNumber: row.acceptance_number });
  }
  const found = await caseForViewer(ctx, row.acceptance_number);
  // The submitter's own case, now out of their sight (their jurisdiction changed): the key is spent.
  if (!found) throw gatewayError(ErrorCode.CONFLICT, `Idempotency key ${key} was already used for a case you may no longer see`, { field: 'idempotencyKey' });
  return found;
}

/**
 * Where the case belongs when the input names no district: civil affairs' record of the resident.
 * For an app it is the only source (an app serves no district), so civil affairs being down refuses
 * the app's case with that department's error, where a clerk is asked to name the district instead.
 */
async function residentDistrict(ctx: GatewayContext, idNumber: string, submitter: Submitter): Promise<string> {
  const record = await ctx.departments.civilAffairs.load(idNumber).catch((error: Error) => {
    if (!submitter.jurisdiction) throw error;
    return null;
  });
  if (record) return record.profile.districtCode;
  throw badInput(`Civil affairs has no district for this resident; ${submitter.jurisdiction ? 'give input.district' : 'a clerk can accept the case at the window'}`, { field: 'district' });
}

interface Submitter {
  /** The case's submittedBy, which also keys idempotency: one submitter's keys never meet another's. */
  id: string;
  via: 'window' | 'app';
  acceptedNote: string;
  /** Where a clerk may file a case; null for an app, whose cases go where civil affairs says. */
  jurisdiction: Jurisdiction | null;
}

/** A clerk at the window, or an app holding cases:write with the resident's consent for the stated purpose. */
async function submitterFor(ctx: GatewayContext, input: SubmitCaseInput): Promise<Submitter> {
  const { viewer } = ctx;
  if (viewer.kind === 'app') {
    const consent = await ctx.access.maySubmitCaseFor(input.idNumber);
    if (consent !== true) throw consent;
    if (input.district) throw badInput('An app does not choose the district: the case goes to the district civil affairs records for the resident', { field: 'district' });
    const id = submitterOf(viewer);
    return { id, via: 'app', acceptedNote: `submitted by app "${viewer.name}" (${id}) on the resident's consent for ${ctx.purpose.purpose}`, jurisdiction: null };
  }
  const clerk = requireCaseStaff(viewer);
  // A clerk files cases only for residents they may see: naming a district of their own does not
  // widen that, or the case answered back would show a resident outside their jurisdiction.
  const decision = await decideAsked(ctx, input.idNumber);
  if (decision !== true) throw decision;
  const id = submitterOf(clerk);
  return { id, via: 'window', acceptedNote: `accepted at the window by ${id}`, jurisdiction: clerk.jurisdiction };
}

const hash = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');
