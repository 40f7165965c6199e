import { z } from 'zod';
import { UpstreamError } from '../upstream.js';

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

/**
 * The resources of a search Bundle the gateway reads. A resource of a known type that does not
 * match its schema is the department answering wrongly: the whole answer is refused with the type
 * named, rather than mapped half-read.
 */
export function resourcesOf(entries: z.infer<typeof bundle>['entry']): Resource[] {
  const resources: Resource[] = [];
  for (const { resource } of entries ?? []) {
    const schema = KNOWN[resource.resourceType as keyof typeof KNOWN];
    if (!schema) continue;
    const parsed = schema.safeParse(resource);
    if (!parsed.success) throw new UpstreamError('health', `answered an invalid ${resource.resourceType}`, { cause: parsed.error.issues.slice(0, 5) });
    resources.push(parsed.data);
  }
  return resources;
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
