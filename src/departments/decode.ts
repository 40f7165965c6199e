import type { z } from 'zod';
import type { DepartmentKey } from '../config.js';
import { UpstreamError } from './upstream.js';

/** Parses a department's JSON answer against its wire schema; anything else is the department failing. */
export function decodeJson<S extends z.ZodType>(department: DepartmentKey, body: string, schema: S): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (cause) {
    throw new UpstreamError(department, 'answered something that is not JSON', { cause: body.slice(0, 200) || cause });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new UpstreamError(department, 'answered in an unexpected shape', { cause: parsed.error.issues.slice(0, 5) });
  }
  return parsed.data;
}

/** For error bodies, which may or may not be JSON. */
export function tryJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
