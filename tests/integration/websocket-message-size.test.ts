import { once } from 'node:events';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startStack, type Stack } from '../support/stack.js';

// BODY_LIMIT bounds a WebSocket message as it bounds an HTTP body, so no one can make the gateway
// buffer and parse a huge connection_init before their credentials are even looked at.
describe('WebSocket messages over BODY_LIMIT', () => {
  const LIMIT = 2048;
  let stack: Stack;
  beforeAll(async () => (stack = await startStack({ env: { BODY_LIMIT: '2kb' } })));
  afterAll(() => stack.close());

  /** A connection_init with valid credentials, padded to `size` bytes; answers the socket and its first message or close. */
  async function connectionInit(size: number) {
    const socket = new WebSocket(`${stack.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
    await once(socket, 'open');
    const message = (padding: string) => JSON.stringify({ type: 'connection_init', payload: { authorization: stack.headers().authorization, padding } });
    const sent = message('x'.repeat(size - message('').length));
    expect(sent.length).toBe(size);
    const answer = new Promise<{ message?: string; close?: number }>((resolve) => {
      socket.once('message', (data) => resolve({ message: String(data) }));
      socket.once('close', (code) => resolve({ close: code }));
    });
    socket.send(sent);
    return { sent, answer: await answer, socket };
  }

  it('closes the socket with 1009 (message too big) without parsing the message', async () => {
    const parse = vi.spyOn(JSON, 'parse');
    // The client's fault is logged, not printed to stderr as the server's.
    const printed = vi.spyOn(console, 'error');
    try {
      const { sent, answer } = await connectionInit(LIMIT + 1);
      expect(answer).toEqual({ close: 1009 });
      expect(parse.mock.calls.some(([text]) => text === sent)).toBe(false);
      expect(printed).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
      printed.mockRestore();
    }
  });

  it('accepts a message of exactly the limit, as HTTP accepts a body of it', async () => {
    const { answer, socket } = await connectionInit(LIMIT);
    expect(JSON.parse(answer.message!)).toEqual({ type: 'connection_ack' });
    socket.close();

    const post = (size: number) => {
      const body = (padding: string) => JSON.stringify({ query: '{ __typename }', variables: { padding } });
      return fetch(`${stack.url}/graphql`, { method: 'POST', headers: stack.headers(), body: body('x'.repeat(size - body('').length)) });
    };
    expect((await post(LIMIT)).status).toBe(200);
    expect((await post(LIMIT + 1)).status).toBe(413);
  });
});
