import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous } from '@flowgraph/shared/auth/context';
import { UpstreamConnections } from './upstream-connections.js';

describe('UpstreamConnections', () => {
  // Accepts TCP and hangs up at once: every websocket handshake to it fails.
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    url = `ws://127.0.0.1:${address.port}/graphql`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('releases a connection whose attempt then fails without an unhandled rejection (which would end the gateway)', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const connections = new UpstreamConnections();
      const lease = connections.lease('workflows', url, { auth: anonymous });
      const outcome: string[] = [];
      // The subscriber leaves while the connection is still being attempted: the lease is released
      // (disposing the client) before the attempt fails.
      lease.client.subscribe({ query: 'subscription { caseEvents { type } }' }, { next: () => undefined, error: () => outcome.push('error'), complete: () => outcome.push('complete') });
      lease.release();
      await expect.poll(() => outcome.length, { timeout: 10_000 }).toBe(1);
      // Node reports unhandled rejections once the microtasks of the turn have run.
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
      await connections.close();
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
