import { describe, expect, it } from 'vitest';
import { civilAffairsConnector } from '../../src/departments/civil-affairs/connector.js';
import { healthConnector } from '../../src/departments/health/connector.js';
import { housingConnector } from '../../src/departments/housing/connector.js';
import { MalformedRecordError, type Upstream, type UpstreamResponse } from '../../src/departments/upstream.js';

// Each person (or FHIR resource) of an answer is held to its schema on its own: one that does not
// match fails that person only, as a value in the map, while the call itself succeeds.
const answering = (body: unknown, status = 200): Upstream =>
  ({
    request: async (_req: unknown, decode: (res: UpstreamResponse) => unknown) => decode({ status, body: typeof body === 'string' ? body : JSON.stringify(body) }),
  }) as unknown as Upstream;

const A = '11010519491231002X';
const B = '110108197509289569';

describe('civil affairs records', () => {
  const person = (idNumber: string, name: string) => ({
    idNumber,
    name,
    districtCode: '110105',
    districtName: '朝阳区',
    assistance: [{ programCode: 'DIBAO', programName: '最低生活保障', status: 'ACTIVE', monthlyAmount: 1395, startDate: '2024-01-01' }],
    marriageRegistrations: [],
    matters: [],
  });
  const withNewProgram = { ...person(B, '李红梅'), assistance: [{ ...person(B, '').assistance[0], programCode: 'CHILD_ALLOWANCE' }] };

  it('fails only the person whose record does not match, naming the field but not its value', async () => {
    const records = await civilAffairsConnector.fetchBatch(answering({ persons: [person(A, '张秀英'), withNewProgram] }), [A, B], 'r');
    expect(records.get(A)).toMatchObject({ name: '张秀英' });
    const failed = records.get(B);
    expect(failed).toBeInstanceOf(MalformedRecordError);
    expect(failed).toMatchObject({ department: 'civilAffairs', reason: 'answered an invalid person' });
    expect((failed as MalformedRecordError).cause).toEqual([expect.objectContaining({ path: 'assistance.0.programCode' })]);
    expect(JSON.stringify((failed as MalformedRecordError).cause)).not.toMatch(/CHILD_ALLOWANCE|李红梅|110108/);
  });

  it('fails every person asked for when a record has no ID number to say whose it is', async () => {
    const { idNumber: _, ...anonymous } = person(B, '李红梅');
    const records = await civilAffairsConnector.fetchBatch(answering({ persons: [person(A, '张秀英'), anonymous] }), [A, B], 'r');
    expect(records.get(A)).toBeInstanceOf(MalformedRecordError);
    expect(records.get(B)).toBeInstanceOf(MalformedRecordError);
  });

  it('still refuses the whole answer when its envelope is wrong', async () => {
    await expect(civilAffairsConnector.fetchBatch(answering({ persons: { [A]: person(A, '张秀英') } }), [A], 'r')).rejects.toThrow('unexpected shape');
  });

  it('keeps the text of an error answer out of its cause', async () => {
    const refusal = { error: { code: 'INVALID_ARGUMENT', message: `unknown ID number ${A} (张秀英, 13800138000)` } };
    const failure = await civilAffairsConnector.fetchBatch(answering(refusal, 400), [A], 'r').catch((e: Error) => e);
    expect(failure).toMatchObject({ reason: 'answered HTTP 400', cause: { status: 400, code: 'INVALID_ARGUMENT', bodyLength: JSON.stringify(refusal).length } });
    expect(JSON.stringify((failure as Error).cause)).not.toMatch(/11010519491231002X|张秀英|13800138000/);
  });

  it('keeps the text of a non-JSON answer out of its cause', async () => {
    const page = `<p>张秀英 ${A}</p>`;
    const failure = await civilAffairsConnector.fetchBatch(answering(page), [A], 'r').catch((e: Error) => e);
    expect(failure).toMatchObject({ reason: 'answered something that is not JSON', cause: { bodyLength: page.length, bodySha256: expect.stringMatching(/^[0-9a-f]{12}$/) } });
  });
});

describe('housing records', () => {
  const record = (sfzh: string) => ({ sfzh, xm: '张秀英', gzfsq: [{ sqbh: 'GZF1', sqrq: '20260301', sqzt: '05', lhxh: '12' }], zfbt: [], gjj: null, sxs: [] });
  const envelope = (data: unknown) => ({ code: '0000', msg: '成功', data });

  it('fails only the person whose record does not match', async () => {
    const badQueue = { ...record(B), gzfsq: [{ ...record(B).gzfsq[0], lhxh: '第12号' }] };
    const records = await housingConnector.fetchBatch(answering(envelope({ jls: [record(A), badQueue], wcx: [] })), [A, B], 'r');
    expect(records.get(A)).toMatchObject({ profile: { publicRentalApplications: [{ queueNumber: 12 }] } });
    expect(records.get(B)).toBeInstanceOf(MalformedRecordError);
  });

  it('still refuses the whole answer when its data is not a list of records', async () => {
    await expect(housingConnector.fetchBatch(answering(envelope({ jls: 'none' })), [A], 'r')).rejects.toThrow('unexpected shape');
  });

  it('keeps the message of a failure code out of its cause', async () => {
    const failure = await housingConnector.fetchBatch(answering({ code: '9999', msg: `身份证号${A}不存在`, data: null }), [A], 'r').catch((e: Error) => e);
    expect(failure).toMatchObject({ reason: 'answered code 9999' });
    expect(JSON.stringify((failure as Error).cause)).not.toContain(A);
  });
});

describe('health resources', () => {
  const patient = (id: string, idNumber: string) => ({ resourceType: 'Patient', id, identifier: [{ system: 'urn:oid:2.16.156.10011.1.1', value: idNumber }], name: [{ text: id }] });
  const immunization = (id: string, patientId: string) => ({
    resourceType: 'Immunization',
    id,
    status: 'completed',
    vaccineCode: { text: '流感疫苗' },
    patient: { reference: `Patient/${patientId}` },
    occurrenceDateTime: '2025-10-01T09:00:00+08:00',
  });
  const bundleOf = (...resources: unknown[]) => ({ resourceType: 'Bundle', type: 'searchset', entry: resources.map((resource) => ({ resource })) });

  it('fails only the patient with an Immunization that does not match, naming the type', async () => {
    const { occurrenceDateTime: _, ...odd } = { ...immunization('i2', 'pb'), occurrenceString: 'last autumn' };
    const records = await healthConnector.fetchBatch(answering(bundleOf(patient('pa', A), patient('pb', B), immunization('i1', 'pa'), odd)), [A, B], 'r');
    expect(records.get(A)).toMatchObject({ name: 'pa', profile: { vaccinations: [{ id: 'i1' }] } });
    expect(records.get(B)).toBeInstanceOf(MalformedRecordError);
    expect(records.get(B)).toMatchObject({ reason: 'answered an invalid Immunization' });
  });

  it('fails only the patient whose own Patient resource does not match', async () => {
    const odd = { ...patient('pb', B), name: 'not a list' };
    const records = await healthConnector.fetchBatch(answering(bundleOf(patient('pa', A), odd, immunization('i2', 'pb'))), [A, B], 'r');
    expect(records.get(A)).toMatchObject({ name: 'pa' });
    expect(records.get(B)).toMatchObject({ reason: 'answered an invalid Patient' });
  });

  it('fails every patient asked for when a malformed resource names no patient of the answer', async () => {
    const { identifier: _, ...anonymous } = patient('pb', B);
    const records = await healthConnector.fetchBatch(answering(bundleOf(patient('pa', A), anonymous)), [A, B], 'r');
    expect(records.get(A)).toBeInstanceOf(MalformedRecordError);
    expect(records.get(B)).toBeInstanceOf(MalformedRecordError);
  });

  it('still refuses an answer that is not a search Bundle', async () => {
    await expect(healthConnector.fetchBatch(answering({ resourceType: 'Patient', id: 'pa' }), [A], 'r')).rejects.toThrow('unexpected shape');
  });
});
