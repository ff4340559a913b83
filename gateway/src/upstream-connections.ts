import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { sameCaller, type AuthContext } from '@flowgraph/shared/auth/context';

export interface Lease {
  client: Client;
  release(): void;
}

/** Who an upstream connection speaks for: the verified caller and the token forwarded for them. */
export interface UpstreamCaller {
  auth: AuthContext;
  authorization?: string | undefined;
}

interface Connection {
  client: Client;
  users: number;
  caller: UpstreamCaller;
  socket: WebSocket | undefined;
}

const expiryOf = (auth: AuthContext) => (auth.kind === 'user' ? auth.expiresAt.getTime() : Number.POSITIVE_INFINITY);

/**
 * The gateway's graphql-ws connections to subgraphs: one per subgraph and caller credential,
 * shared by that caller's subscriptions and closed when the last ends. (A shared connection per
 * subgraph would need the subgraphs to accept per-operation credentials.)
 *
 * A connection speaks with the token it was opened with, and the subgraph closes it when that
 * token expires. When a client's connection to the gateway is renewed (see graphql-ws-server.ts),
 * `renew` hands the new token to every upstream connection of the same caller whose token
 * expires sooner, by the same renewal ping; a connection opened again later uses it too.
 */
export class UpstreamConnections {
  private readonly connections = new Map<string, Connection>();

  lease(serviceName: string, url: string, caller: UpstreamCaller): Lease {
    const key = `${serviceName}\n${url}\n${caller.authorization ?? ''}`;
    let held = this.connections.get(key);
    if (!held) {
      const connection: Connection = { client: undefined as unknown as Client, users: 0, caller, socket: undefined };
      connection.client = createClient({
        url,
        webSocketImpl: WebSocket,
        connectionParams: () => (connection.caller.authorization ? { authorization: connection.caller.authorization } : {}),
        lazy: true,
        retryAttempts: 0,
        on: {
          connected: (socket) => void (connection.socket = socket instanceof WebSocket ? socket : undefined),
          closed: () => void (connection.socket = undefined),
        },
      });
      held = connection;
      this.connections.set(key, held);
    }
    held.users += 1;
    const connection = held;
    let released = false;
    return {
      client: connection.client,
      release: () => {
        if (released) return;
        released = true;
        connection.users -= 1;
        if (connection.users === 0 && this.connections.get(key) === connection) {
          this.connections.delete(key);
          // dispose() waits for a connection attempt still under way and rejects when it fails; such a
          // connection has nothing left to close, and an unhandled rejection would end the process.
          Promise.resolve(connection.client.dispose()).catch(() => undefined);
        }
      },
    };
  }

  /** Moves the caller's upstream connections whose tokens expire before `next`'s onto `next`. Returns how many it renewed. */
  renew(next: UpstreamCaller): number {
    if (!next.authorization) return 0;
    let renewed = 0;
    for (const connection of this.connections.values()) {
      if (!sameCaller(connection.caller.auth, next.auth) || expiryOf(connection.caller.auth) >= expiryOf(next.auth)) continue;
      connection.caller = next;
      if (connection.socket?.readyState === WebSocket.OPEN) connection.socket.send(JSON.stringify({ type: 'ping', payload: { authorization: next.authorization } }));
      renewed += 1;
    }
    return renewed;
  }

  async close(): Promise<void> {
    await Promise.all([...this.connections.values()].map(({ client }) => Promise.resolve(client.dispose()).catch(() => undefined)));
    this.connections.clear();
  }
}
