import autocannon, { type Result } from 'autocannon';

// The load generator, in the bench's own process: a fixed number of keep-alive connections, each
// sending its next request as soon as the last one is answered, for a fixed time.

export interface LoadResult {
  /** Answered requests. */
  responses: number;
  seconds: number;
  latencyMs: { p50: number; p95: number; p99: number };
  /** Non-2xx answers, answers carrying GraphQL errors, connection errors and timeouts. */
  errors: number;
  /** The first error body seen, to say what went wrong. */
  firstError?: string;
}

export interface Load {
  url: string;
  bodies: string[];
  headers: Record<string, string>;
  connections: number;
  durationS: number;
}

export async function runLoad({ url, bodies, headers, connections, durationS }: Load): Promise<LoadResult> {
  const latencies: number[] = [];
  let failedAnswers = 0;
  let firstError: string | undefined;
  const onResponse = (status: number, body: string) => {
    // A GraphQL error comes with HTTP 200; its "errors" key is at the top level.
    if (status >= 300 || body.includes('"errors":')) {
      failedAnswers++;
      firstError ??= `HTTP ${status}: ${body.slice(0, 300)}`;
    }
  };
  // Every connection cycles through the bodies in order.
  const requests = bodies.map((body) => ({ method: 'POST', path: '/graphql', body, onResponse }));
  const started = performance.now();
  const result = await new Promise<Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        duration: durationS,
        headers: { 'content-type': 'application/json', ...headers },
        requests,
        timeout: 10,
      },
      (error, res) => (error ? reject(error) : resolve(res)),
    );
    instance.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
  });
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return {
    responses: latencies.length,
    seconds,
    latencyMs: { p50: at(0.5), p95: at(0.95), p99: at(0.99) },
    errors: failedAnswers + result.errors + result.timeouts,
    firstError,
  };
}
