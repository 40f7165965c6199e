import { z } from 'zod';
import { decodeRecord } from '../decode.js';
import type { MalformedRecordError } from '../upstream.js';

// The health department speaks HL7 FHIR R4: a Patient search with _revinclude answers one Bundle.

export const ID_SYSTEM = 'urn:oid:2.16.156.10011.1.1';

const reference = z.object({ reference: z.string() });
const display = z.object({ display: z.string().nullish() });
const coding = z.object({ system: z.string().nullish(), code: z.string().nullish(), display: z.string().nullish() });
const concept = z.object({ coding: z.array(coding).nullish(), text: z.string().nullish() });
const period = z.object({ start: z.string().nullish(), end: z.string().nullish() });

const patient = z.object({
  resourceType: z.literal('Patient'),
  id: z.string(),
  identifier: z.array(z.object({ system: z.string().nullish(), value: z.string() })),
  name: z.array(z.object({ text: z.string().nullish(), family: z.string().nullish(), given: z.array(z.string()).nullish() })).nullish(),
});

const immunization = z.object({
  resourceType: z.literal('Immunization'),
  id: z.string(),
  status: z.string(),
  vaccineCode: concept,
  patient: reference,
  occurrenceDateTime: z.string(),
  protocolApplied: z.array(z.object({ doseNumberPositiveInt: z.number().int().nullish() })).nullish(),
  performer: z.array(z.object({ actor: display })).nullish(),
});

const carePlan = z.object({
  resourceType: z.literal('CarePlan'),
  id: z.string(),
  status: z.string(),
  category: z.array(concept).nullish(),
  subject: reference,
  period: period.nullish(),
  author: display.nullish(),
  contributor: z.array(display).nullish(),
  description: z.string().nullish(),
});

const episodeOfCare = z.object({
  resourceType: z.literal('EpisodeOfCare'),
  id: z.string(),
  status: z.string(),
  type: z.array(concept).nullish(),
  patient: reference,
  period: period.nullish(),
  managingOrganization: display.nullish(),
});

const task = z.object({
  resourceType: z.literal('Task'),
  id: z.string(),
  identifier: z.array(z.object({ value: z.string() })).nullish(),
  status: z.enum(['draft', 'requested', 'received', 'accepted', 'rejected', 'ready', 'cancelled', 'in-progress', 'on-hold', 'failed', 'completed', 'entered-in-error']),
  businessStatus: z.object({ text: z.string().nullish() }).nullish(),
  code: concept.nullish(),
  for: reference,
  authoredOn: z.string(),
  lastModified: z.string().nullish(),
  restriction: z.object({ period: period.nullish() }).nullish(),
});

/** The resource types the gateway reads, each held to its schema; other types are passed over. */
const KNOWN = { Patient: patient, Immunization: immunization, CarePlan: carePlan, EpisodeOfCare: episodeOfCare, Task: task } as const;

export const bundle = z.object({
  resourceType: z.literal('Bundle'),
  type: z.literal('searchset'),
  entry: z.array(z.object({ resource: z.looseObject({ resourceType: z.string() }) })).optional(),
});

/** Whose a resource is: a Patient's own reference and ID number, another resource's patient reference. */
export interface Owner {
  reference?: string;
  idNumber?: string;
}

/** A resource the gateway reads, or the error it failed its schema with, and whose it is. */
export interface Part {
  owner: Owner;
  resource: Resource | MalformedRecordError;
}

const SUBJECT = { Immunization: 'patient', CarePlan: 'subject', EpisodeOfCare: 'patient', Task: 'for' } as const;

/**
 * The resources of a search Bundle the gateway reads, each held to its schema on its own: one that
 * does not match fails only its patient (named by its type), the others are mapped as usual.
 */
export function partsOf(entries: z.infer<typeof bundle>['entry']): Part[] {
  const parts: Part[] = [];
  for (const { resource } of entries ?? []) {
    const type = resource.resourceType as keyof typeof KNOWN;
    const schema = KNOWN[type];
    if (!schema) continue;
    parts.push({ owner: ownerOf(resource), resource: decodeRecord('health', resource, schema, (r): Resource => r, type) });
  }
  return parts;
}

/** Read without the schema, so a resource that fails it can still be attributed to its patient. */
function ownerOf(resource: Record<string, unknown>): Owner {
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  if (resource.resourceType === 'Patient') {
    const identifiers: unknown[] = Array.isArray(resource.identifier) ? resource.identifier : [];
    const ours = identifiers.find((i) => (i as { system?: unknown } | null)?.system === ID_SYSTEM) as { value?: unknown } | undefined;
    const id = text(resource.id);
    return { reference: id && `Patient/${id}`, idNumber: text(ours?.value)?.toUpperCase() };
  }
  const subject = resource[SUBJECT[resource.resourceType as keyof typeof SUBJECT]] as { reference?: unknown } | undefined;
  return { reference: text(subject?.reference) };
}

export const operationOutcome = z.object({
  resourceType: z.literal('OperationOutcome'),
  issue: z.array(z.object({ severity: z.string(), code: z.string(), diagnostics: z.string().nullish() })),
});

export type Patient = z.infer<typeof patient>;
export type Immunization = z.infer<typeof immunization>;
export type CarePlan = z.infer<typeof carePlan>;
export type EpisodeOfCare = z.infer<typeof episodeOfCare>;
export type Task = z.infer<typeof task>;
export type Resource = Patient | Immunization | CarePlan | EpisodeOfCare | Task;
