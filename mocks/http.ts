// The part every mock department shares: a keep-alive node:http server that adds latency,
// injects failures, counts requests and answers the /__mock control endpoints, so a department
// only defines its routes and how it fails.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Random } from './seed/random.js';
import { checkSettings, type MockSettings } from './settings.js';

export interface MockRequest {
  method: string;
  url: URL;
  body: string;
}

export interface MockReply {
  status: number;
  contentType: string;
  body: string;
}

export interface RouteAnswer {
  /** How many ID numbers the request asked for, counted even when the answer is an error. */
  idsRequested: number;
  reply: MockReply;
}

export type Route = (request: MockRequest) => RouteAnswer;

export interface DepartmentApi {
  /** Keyed by "METHOD /path"; the same key counts the route in stats.byRoute. */
  routes: Readonly<Record<string, Route>>;
  /** The department's own way of saying it is unavailable. */
  failure(): MockReply;
  notFound(request: MockRequest): MockReply;
}

export interface MockStats {
  requests: number;
  failures: number;
  idsRequested: number;
  byRoute: Record<string, number>;
  /** Answers sent once their latency was up, to requests counted here (not before a reset). */
  answered: number;
  /** Summed over those answers: how many ms each went out after its latency was up (timers fire late, never early here). */
  answeredLateMs: number;
}

export interface RunningServer {
  url: string;
  stats(): MockStats;
  resetStats(): void;
  configure(update: Partial<MockSettings>): void;
  close(): Promise<void>;
}

export interface ServeOptions {
  host: string;
  port: number;
  settings: MockSettings;
  /** Decides which answers fail; seeded so a benchmark run can be repeated. */
  random: Random;
}

const UNMATCHED = '(unmatched)';

// What a misconfigured proxy in front of a department serves: 200, but not the API's JSON.
const GARBAGE: MockReply = {
  status: 200,
  contentType: 'text/html; charset=utf-8',
  body: '<!DOCTYPE html><html><head><meta charset="utf-8"><title>系统维护</title></head><body><h1>系统维护中,请稍后访问</h1></body></html>\n',
};

export function json(status: number, body: unknown, contentType = 'application/json; charset=utf-8'): MockReply {
  return { status, contentType, body: JSON.stringify(body) };
}

export async function serve(api: DepartmentApi, options: ServeOptions): Promise<RunningServer> {
  const settings = { ...options.settings };
  let stats = emptyStats();
  const pending = new Set<NodeJS.Timeout>();

  const answer = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // The latency is the department's time to answer, its own work included, so the benchmark's floor is known.
    const arrived = performance.now();
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
    const method = req.method ?? 'GET';
    if (url.pathname.startsWith('/__mock/')) return void send(res, control(`${method} ${url.pathname}`, await readBody(req)));

    const key = `${method} ${url.pathname}`;
    const route = api.routes[key];
    // Everything about a request counts in the stats it arrived in, even when they are reset while it waits.
    const counted = stats;
    counted.requests++;
    counted.byRoute[route ? key : UNMATCHED] = (counted.byRoute[route ? key : UNMATCHED] ?? 0) + 1;
    if (settings.mode === 'down') {
      counted.failures++;
      req.socket.resetAndDestroy();
      return;
    }
    const request = { method, url, body: await readBody(req) };
    let reply: MockReply;
    if (route) {
      const routed = route(request);
      counted.idsRequested += routed.idsRequested;
      reply = routed.reply;
    } else {
      reply = api.notFound(request);
    }
    if (settings.mode === 'garbage' || options.random.next() < settings.failureRate) {
      counted.failures++;
      reply = settings.mode === 'garbage' ? GARBAGE : api.failure();
    }
    at(arrived + settings.latencyMs, (lateMs) => {
      if (!send(res, reply)) return;
      counted.answered++;
      counted.answeredLateMs += lateMs;
    });
  };

  const control = (key: string, body: string): MockReply => {
    switch (key) {
      case 'GET /__mock/stats':
        return json(200, copy(stats));
      case 'POST /__mock/reset':
        stats = emptyStats();
        return json(200, copy(stats));
      case 'POST /__mock/config':
        try {
          Object.assign(settings, checkSettings(JSON.parse(body || '{}'), 'config'));
          return json(200, settings);
        } catch (error) {
          return json(400, { error: (error as Error).message });
        }
      default:
        return json(404, { error: `no control endpoint ${key}; try GET /__mock/stats, POST /__mock/reset, POST /__mock/config` });
    }
  };

  // Timers run on the event loop's whole-millisecond clock and may fire a little early: the answer
  // waits until the deadline (performance.now() ms) has really passed, never sooner than the latency.
  const at = (deadline: number, then: (lateMs: number) => void): void => {
    const left = deadline - performance.now();
    if (left <= 0) return then(-left);
    const timer = setTimeout(() => {
      pending.delete(timer);
      at(deadline, then);
    }, Math.ceil(left));
    pending.add(timer);
  };

  const server = createServer((req, res) => {
    answer(req, res).catch((error: unknown) => {
      console.error('mock failed to answer', error);
      send(res, { status: 500, contentType: 'text/plain; charset=utf-8', body: `mock error: ${String(error)}` });
    });
  });
  // Longer than the gateway's pool idle timeout, so the gateway, not the mock, closes idle sockets.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${urlHost(options.host)}:${port}`,
    stats: () => copy(stats),
    resetStats: () => {
      stats = emptyStats();
    },
    configure: (update) => Object.assign(settings, checkSettings(update, 'configure()')),
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of pending) clearTimeout(timer);
        pending.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function emptyStats(): MockStats {
  return { requests: 0, failures: 0, idsRequested: 0, byRoute: {}, answered: 0, answeredLateMs: 0 };
}

function copy(stats: MockStats): MockStats {
  return { ...stats, byRoute: { ...stats.byRoute } };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** False when the client is gone (it gave up, or timed out) and nothing was written. */
function send(res: ServerResponse, reply: MockReply): boolean {
  if (res.destroyed || res.headersSent) return false;
  res.writeHead(reply.status, { 'content-type': reply.contentType, 'content-length': Buffer.byteLength(reply.body) });
  res.end(reply.body);
  return true;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
