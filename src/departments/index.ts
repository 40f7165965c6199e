import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import type DataLoader from 'dataloader';
import type { Logger } from 'pino';
import type { Config, DepartmentKey } from '../config.js';
import type { EntityCache } from '../cache/cache.js';
import type { Metrics } from '../observability/metrics.js';
import { civilAffairsConnector } from './civil-affairs/connector.js';
import type { CivilAffairsData } from './civil-affairs/mapping.js';
import type { Connector } from './connector.js';
import { DepartmentService, type CallContext } from './department.js';
import { healthConnector } from './health/connector.js';
import type { HealthData } from './health/mapping.js';
import { housingConnector } from './housing/connector.js';
import type { HousingData } from './housing/mapping.js';
import type { LoadedRecord } from './model.js';
import { Upstream } from './upstream.js';

/** The registry of department connectors: a department missing here fails the type check. */
const CONNECTORS = {
  civilAffairs: civilAffairsConnector,
  housing: housingConnector,
  health: healthConnector,
} satisfies Record<DepartmentKey, Connector<unknown>>;

type ProfileOf<K extends DepartmentKey> = (typeof CONNECTORS)[K] extends Connector<infer P> ? P : never;
export type Departments = { [K in DepartmentKey]: DepartmentService<ProfileOf<K>> };
export type DepartmentLoaders = { [K in DepartmentKey]: DataLoader<string, LoadedRecord<ProfileOf<K>> | null> };
export type { CivilAffairsData, HousingData, HealthData };

/** Cache keys carry the schema's hash, so a changed schema never reads entries mapped for the old one. */
export function schemaVersion(schemaDir = new URL('../../schema/', import.meta.url)): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(schemaDir).sort()) hash.update(readFileSync(new URL(file, schemaDir)));
  return hash.digest('hex').slice(0, 12);
}

export function createDepartments(config: Config, urls: Record<DepartmentKey, string>, cache: EntityCache, metrics: Metrics): Departments {
  const keyPrefix = `${config.cache.prefix}:${schemaVersion()}`;
  const observer = {
    onCall: (department: DepartmentKey, outcome: 'ok' | 'error', seconds: number) => {
      metrics.upstreamCalls.inc({ department, outcome });
      metrics.upstreamSeconds.observe({ department }, seconds);
    },
  };
  const service = <K extends DepartmentKey>(key: K) =>
    new DepartmentService(CONNECTORS[key] as Connector<ProfileOf<K>>, new Upstream(key, urls[key], config.departments[key], observer), cache, config.departments[key], metrics, keyPrefix);
  return { civilAffairs: service('civilAffairs'), housing: service('housing'), health: service('health') };
}

export function createLoaders(departments: Departments, call: CallContext): DepartmentLoaders {
  return {
    civilAffairs: departments.civilAffairs.loader(call),
    housing: departments.housing.loader(call),
    health: departments.health.loader(call),
  };
}

