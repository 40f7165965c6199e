import type { z } from 'zod';
import type { DepartmentKey } from '../config.js';
import { MalformedRecordError, UpstreamError, describeBody } from './upstream.js';

/** Parses a department's JSON answer against its wire schema; anything else is the department failing. */
export function decodeJson<S extends z.ZodType>(department: DepartmentKey, body: string, schema: S): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new UpstreamError(department, 'answered something that is not JSON', { cause: describeBody(body) });
  }
  return decodeValue(department, json, schema);
}

/** The same for a part of an answer already parsed (housing's `data` inside its envelope). */
export function decodeValue<S extends z.ZodType>(department: DepartmentKey, value: unknown, schema: S): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UpstreamError(department, 'answered in an unexpected shape', { cause: issuesOf(parsed.error) });
  return parsed.data;
}

/** One record (`what`: a person, a FHIR resource type) parsed and mapped on its own; a mismatch fails it alone. */
export function decodeRecord<S extends z.ZodType, R>(
  department: DepartmentKey,
  record: unknown,
  schema: S,
  map: (parsed: z.infer<S>) => R,
  what: string,
): R | MalformedRecordError {
  const parsed = schema.safeParse(record);
  if (!parsed.success) return new MalformedRecordError(department, `answered an invalid ${what}`, { cause: issuesOf(parsed.error) });
  return map(parsed.data);
}

/**
 * An answer's records by the ID number in their `idField`, each decoded on its own. A record whose
 * ID number cannot be read could be anyone's asked for, so it fails every ID of the call.
 */
export function recordsById<R>(
  department: DepartmentKey,
  asked: readonly string[],
  records: readonly unknown[],
  idField: string,
  decode: (record: unknown) => R | MalformedRecordError,
): Map<string, R | MalformedRecordError> {
  const idOf = (record: unknown) => {
    const id = (record as Record<string, unknown> | null)?.[idField];
    return typeof id === 'string' ? id.toUpperCase() : undefined;
  };
  if (records.some((r) => idOf(r) === undefined)) {
    const error = new MalformedRecordError(department, 'answered a record without an ID number');
    return new Map(asked.map((id) => [id, error]));
  }
  return new Map(records.map((r) => [idOf(r)!, decode(r)]));
}

/** Where and why an answer failed its schema; zod's issues name the rule, never the value (personal data). */
function issuesOf(error: z.ZodError) {
  return error.issues.slice(0, 5).map(({ code, path, message }) => ({ code, path: path.join('.'), message }));
}

/** For error bodies, which may or may not be JSON. */
export function tryJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
