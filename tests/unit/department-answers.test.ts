import { describe, expect, it } from 'vitest';
import { healthConnector } from '../../src/departments/health/connector.js';
import { housingConnector } from '../../src/departments/housing/connector.js';
import type { Upstream, UpstreamResponse } from '../../src/departments/upstream.js';

// A record in the wrong shape fails its person, with the reason named — never half-mapped into
// nulls or thrown as a TypeError. (One bad record among good ones: department-record-answers.)
const answering = (body: unknown): Upstream =>
  ({ request: async (_req: unknown, decode: (res: UpstreamResponse) => unknown) => decode({ status: 200, body: JSON.stringify(body) }) }) as unknown as Upstream;

const ID = '11010519491231002X';
const patient = { resourceType: 'Patient', id: 'p1', identifier: [{ system: 'urn:oid:2.16.156.10011.1.1', value: ID }], name: [{ text: '张秀英' }] };
const bundleOf = (...resources: unknown[]) => ({ resourceType: 'Bundle', type: 'searchset', entry: resources.map((resource) => ({ resource })) });

describe('health answers', () => {
  it('passes over resource types the gateway does not read', async () => {
    const records = await healthConnector.fetchBatch(answering(bundleOf(patient, { resourceType: 'Observation', id: 'o1' })), [ID], 'r');
    expect(records.get(ID)?.name).toBe('张秀英');
  });

  it('refuses an Immunization that does not match its schema, naming it', async () => {
    const odd = { resourceType: 'Immunization', id: 'i1', status: 'completed', vaccineCode: { text: '流感疫苗' }, patient: { reference: 'Patient/p1' }, occurrenceString: 'last autumn' };
    const records = await healthConnector.fetchBatch(answering(bundleOf(patient, odd)), [ID], 'r');
    expect(records.get(ID)).toMatchObject({ reason: 'answered an invalid Immunization' });
  });

  it('refuses a Patient without an identifier', async () => {
    const { identifier: _, ...anonymous } = patient;
    const records = await healthConnector.fetchBatch(answering(bundleOf(anonymous)), [ID], 'r');
    expect(records.get(ID)).toMatchObject({ reason: 'answered an invalid Patient' });
  });
});

describe('housing answers', () => {
  const record = { sfzh: ID, xm: '张秀英', gzfsq: [{ sqbh: 'GZF1', sqrq: '20260301', sqzt: '05', lhxh: '12' }], zfbt: [], gjj: null, sxs: [] };
  const envelope = (jls: unknown[]) => ({ code: '0000', msg: '成功', data: { jls, wcx: [] } });

  it('maps a well-formed record', async () => {
    const records = await housingConnector.fetchBatch(answering(envelope([record])), [ID], 'r');
    expect(records.get(ID)).toMatchObject({ profile: { publicRentalApplications: [{ appliedOn: '2026-03-01', queueNumber: 12 }] } });
  });

  it('refuses an application without its date, or with a queue number that is not a number', async () => {
    const noDate = { ...record, gzfsq: [{ ...record.gzfsq[0], sqrq: '' }] };
    expect((await housingConnector.fetchBatch(answering(envelope([noDate])), [ID], 'r')).get(ID)).toMatchObject({ reason: 'answered an invalid person' });
    const badQueue = { ...record, gzfsq: [{ ...record.gzfsq[0], lhxh: '第12号' }] };
    expect((await housingConnector.fetchBatch(answering(envelope([badQueue])), [ID], 'r')).get(ID)).toMatchObject({ reason: 'answered an invalid person' });
  });
});
