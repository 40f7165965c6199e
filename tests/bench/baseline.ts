import { createServer, type Server } from 'node:http';
import { Pool } from 'undici';

// The limit of a Node implementation: no GraphQL, no validation, no mapping. It asks the three
// departments in parallel over keep-alive pools, exactly as the gateway's connectors do, and
// merges their JSON per resident.

export interface Upstreams {
  civilAffairs: string;
  housing: string;
  health: string;
}

const FHIR_ID_SYSTEM = 'urn:oid:2.16.156.10011.1.1';
const REVINCLUDES = ['Immunization:patient', 'CarePlan:subject', 'EpisodeOfCare:patient', 'Task:patient'];

type Json = Record<string, any>;

export function createBaseline(upstreams: Upstreams): { server: Server; requests(): number; close(): Promise<void> } {
  const pools = {
    civilAffairs: new Pool(upstreams.civilAffairs, { connections: 32, keepAliveTimeout: 30_000 }),
    housing: new Pool(upstreams.housing, { connections: 32, keepAliveTimeout: 30_000 }),
    health: new Pool(upstreams.health, { connections: 32, keepAliveTimeout: 30_000 }),
  };
  let handled = 0;

  const ask = async (pool: Pool, options: { method: 'GET' | 'POST'; path: string; headers: Record<string, string>; body?: string }): Promise<Json> => {
    const res = await pool.request(options);
    const json = (await res.body.json()) as Json;
    if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`);
    return json;
  };

  const civilAffairs = async (ids: string[]) => {
    const body = JSON.stringify({ idNumbers: ids });
    const answer = await ask(pools.civilAffairs, { method: 'POST', path: '/api/v1/persons:batchGet', headers: { 'content-type': 'application/json' }, body });
    return new Map<string, Json>(answer.persons.map((p: Json) => [p.idNumber, p]));
  };

  const housing = async (ids: string[]) => {
    const body = new URLSearchParams({ sfzh: ids.join(',') }).toString();
    const answer = await ask(pools.housing, { method: 'POST', path: '/zjw/api/zfxx/plcx.do', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    if (answer.code !== '0000') throw new Error(`housing code ${answer.code}`);
    return new Map<string, Json>(answer.data.jls.map((r: Json) => [r.sfzh, r]));
  };

  const health = async (ids: string[]) => {
    const query = new URLSearchParams({ identifier: ids.map((id) => `${FHIR_ID_SYSTEM}|${id}`).join(',') });
    for (const r of REVINCLUDES) query.append('_revinclude', r);
    const bundle = await ask(pools.health, { method: 'GET', path: `/fhir/Patient?${query}`, headers: { accept: 'application/fhir+json' } });
    const byPatient = new Map<string, { patient: Json; resources: Json[] }>();
    const idOf = new Map<string, string>();
    for (const { resource } of bundle.entry ?? []) {
      if (resource.resourceType !== 'Patient') continue;
      const idNumber = resource.identifier.find((i: Json) => i.system === FHIR_ID_SYSTEM).value;
      idOf.set(`Patient/${resource.id}`, idNumber);
      byPatient.set(idNumber, { patient: resource, resources: [] });
    }
    for (const { resource } of bundle.entry ?? []) {
      const ref = (resource.patient ?? resource.subject ?? resource.for)?.reference;
      const idNumber = ref && idOf.get(ref);
      if (idNumber) byPatient.get(idNumber)!.resources.push(resource);
    }
    return byPatient;
  };

  const aggregate = async (ids: string[]) => {
    const [c, h, f] = await Promise.all([civilAffairs(ids), housing(ids), health(ids)]);
    return ids.map((idNumber) => ({ idNumber, civilAffairs: c.get(idNumber) ?? null, housing: h.get(idNumber) ?? null, health: f.get(idNumber) ?? null }));
  };

  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/metrics') {
      const cpu = process.cpuUsage();
      res.end(
        `baseline_process_cpu_seconds_total ${(cpu.user + cpu.system) / 1e6}\n` +
          `baseline_process_resident_memory_bytes ${process.memoryUsage.rss()}\n` +
          `baseline_requests_total ${handled}\n`,
      );
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const { variables } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { variables: { idNumber?: string; idNumbers?: string[] } };
      const single = variables.idNumber !== undefined;
      aggregate(single ? [variables.idNumber!] : variables.idNumbers!).then(
        (residents) => {
          handled++;
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ data: single ? { resident: residents[0] } : { residents } }));
        },
        (error: Error) => {
          handled++;
          res.statusCode = 502;
          res.end(JSON.stringify({ errors: [{ message: error.message }] }));
        },
      );
    });
  });
  server.keepAliveTimeout = 65_000;

  return {
    server,
    requests: () => handled,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await Promise.all(Object.values(pools).map((p) => p.close()));
    },
  };
}
