import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoKnownTo } from '../support/demo.js';
import { startStack, type Stack } from '../support/stack.js';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
}

/** An OTLP/HTTP collector that keeps what it is sent. */
async function collector() {
  const spans: OtlpSpan[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const payload = JSON.parse(body) as { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] };
      for (const r of payload.resourceSpans) for (const s of r.scopeSpans) spans.push(...s.spans);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { spans, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

describe('OpenTelemetry tracing', () => {
  let stack: Stack;
  let otlp: Awaited<ReturnType<typeof collector>>;
  beforeAll(async () => {
    otlp = await collector();
    stack = await startStack({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url } });
    const id = demoKnownTo('CIVIL_AFFAIRS', 'HOUSING', 'HEALTH').idNumber;
    await stack.graphql(`query ClerkLookup($id: IdCardNumber!) { resident(idNumber: $id) { name } }`, { id });
    await stack.gateway.close(); // flushes the exporter
  });
  afterAll(async () => {
    await stack.close().catch(() => undefined);
    otlp.close();
  });

  it('exports one span per request, named for the operation, with a child span per department call', () => {
    const request = otlp.spans.find((s) => s.name === 'graphql ClerkLookup');
    expect(request).toBeDefined();
    const calls = otlp.spans.filter((s) => s.name.startsWith('upstream '));
    expect(calls.map((s) => s.name).sort()).toEqual(['upstream civilAffairs', 'upstream health', 'upstream housing']);
    for (const call of calls) {
      expect(call.traceId).toBe(request!.traceId);
      expect(call.parentSpanId).toBe(request!.spanId);
    }
  });
});
