import { SpanKind, SpanStatusCode, context, propagation, trace, type Span } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { RequestHandler } from 'express';

// OpenTelemetry traces, only when an OTLP endpoint is configured: one span per HTTP request,
// named for the GraphQL operation, and one child span per department call, whose W3C
// traceparent header lets a department's own tracing join the trace. Without an endpoint the
// API's no-op tracer costs next to nothing.

const tracer = () => trace.getTracer('one-window-gateway');

export interface Tracing {
  shutdown(): Promise<void>;
}

export function startTracing(options: { endpoint?: string; serviceName: string }): Tracing | undefined {
  if (!options.endpoint) return undefined;
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${options.endpoint.replace(/\/$/, '')}/v1/traces` }))],
  });
  provider.register();
  return { shutdown: () => provider.shutdown() };
}

/** Express middleware: the request's span, active while the request is handled. */
export const traceRequests: RequestHandler = (req, res, next) => {
  const span = tracer().startSpan(`${req.method} ${req.path}`, {
    kind: SpanKind.SERVER,
    attributes: { 'http.request.method': req.method, 'url.path': req.path, 'request.id': String(req.headers['x-request-id'] ?? '') },
  });
  res.on('finish', () => {
    span.setAttribute('http.response.status_code', res.statusCode);
    if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  context.with(trace.setSpan(context.active(), span), next);
};

/** Names the active request span for its GraphQL operation. */
export function nameRequestSpan(operation: string): void {
  trace.getActiveSpan()?.updateName(`graphql ${operation}`);
}

/** Runs one department call in a client span and adds the traceparent header to `headers`. */
export async function traceUpstream<T>(department: string, headers: Record<string, string>, call: () => Promise<T>): Promise<T> {
  return tracer().startActiveSpan(`upstream ${department}`, { kind: SpanKind.CLIENT, attributes: { department } }, async (span: Span) => {
    propagation.inject(context.active(), headers);
    try {
      return await call();
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      span.end();
    }
  });
}
