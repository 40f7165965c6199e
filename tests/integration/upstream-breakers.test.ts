import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { Upstream } from '../../src/departments/upstream.js';

// A department's application endpoint failing (writes: the case dispatcher) opens a breaker of its
// own: residents' reads of the same department keep going, and the reads' breaker stays closed.

describe("a department's reads and writes", () => {
  let server: Server;
  let upstream: Upstream;
  const seen = { GET: 0, POST: 0 };
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen[req.method as 'GET' | 'POST'] += 1;
      req.resume().on('end', () => {
        res.statusCode = req.method === 'POST' ? 503 : 200;
        res.end(req.method === 'POST' ? 'application desk down' : '{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const config = { ...loadConfig({ DATA_DIR: 'memory://' }).departments.housing, breakerFailures: 3, retries: 0 };
    upstream = new Upstream('housing', `http://127.0.0.1:${(server.address() as AddressInfo).port}`, config);
  });
  afterAll(async () => {
    await upstream.close();
    await new Promise((resolve) => server.close(resolve));
  });

  const write = () => upstream.request({ method: 'POST', path: '/apply', body: '{}', idempotent: false }, (res) => res.status);
  const read = () => upstream.request({ method: 'GET', path: '/person', idempotent: true }, (res) => res.body);

  it('opens the writes breaker after its failures, and leaves reads and their breaker alone', async () => {
    for (let i = 0; i < 3; i++) await expect(write()).rejects.toThrow(/answered HTTP 503/);
    // Open now: the next write fails fast, without reaching the department.
    await expect(write()).rejects.toThrow(/circuit open/);
    expect(seen.POST).toBe(3);
    expect(await read()).toBe('{"ok":true}');
    expect(upstream.breakerState).toBe('CLOSED');
    expect(upstream.isOpen).toBe(false);
  });
});
