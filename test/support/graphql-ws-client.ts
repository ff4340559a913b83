import net from 'node:net';
import { createClient, type FormattedExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';

export interface Subscriber<TData> {
  /** Every `next` payload, in order. */
  readonly results: FormattedExecutionResult<TData, unknown>[];
  /** How many `next` payloads arrived. */
  received(): number;
  /** The socket's close code and time once it closed; whether the server completed the operation; what `error` got. */
  state(): { closeCode: number | undefined; closedAt: number | undefined; completed: boolean; failure: unknown };
  /** Stops reading the TCP socket, as a client whose event loop or network stalls: the kernel buffers fill, then the server's writes wait. */
  pause(): void;
  resume(): void;
  /** Sends a credential renewal (a `ping` carrying `{ authorization }`) on the open connection. */
  renew(authorization: string): void;
  close(): Promise<void>;
}

export interface SubscribeOptions {
  url: string;
  /** `connection_init`'s payload: `authorization` or `x-api-key`. */
  connectionParams: Record<string, string>;
  query: string;
  variables?: Record<string, unknown>;
  /** False keeps the socket open when the subscription ends (graphql-ws closes an idle lazy one itself, with 1000). */
  lazy?: boolean;
}

/** A graphql-ws client with one subscription, as an application would open it through the gateway. */
export function subscribe<TData>(options: SubscribeOptions): Subscriber<TData> {
  const results: FormattedExecutionResult<TData, unknown>[] = [];
  let received = 0;
  let closeCode: number | undefined;
  let closedAt: number | undefined;
  let completed = false;
  let failure: unknown;
  let open: WebSocket | undefined;
  const sockets: net.Socket[] = [];
  // graphql-ws constructs the socket itself; this keeps hold of the TCP connection underneath it.
  const connect = (connectOptions: net.NetConnectOpts) => {
    const socket = net.connect(connectOptions);
    sockets.push(socket);
    return socket;
  };
  class TappedWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { createConnection: connect as typeof net.createConnection });
    }
  }
  const client = createClient({
    url: options.url,
    webSocketImpl: TappedWebSocket,
    connectionParams: options.connectionParams,
    retryAttempts: 0,
    lazy: options.lazy ?? true,
    onNonLazyError: () => undefined,
    on: {
      connected: (socket) => void (open = socket as WebSocket),
      closed: (event) => {
        closeCode = (event as { code?: number }).code;
        closedAt = Date.now();
      },
    },
  });
  const unsubscribe = client.subscribe<TData>(
    { query: options.query, variables: options.variables ?? {} },
    {
      next: (result) => {
        received += 1;
        results.push(result);
      },
      error: (error) => void (failure = error),
      complete: () => void (completed = true),
    },
  );
  return {
    results,
    received: () => received,
    state: () => ({ closeCode, closedAt, completed, failure }),
    pause: () => sockets.forEach((socket) => socket.pause()),
    resume: () => sockets.forEach((socket) => socket.resume()),
    renew: (authorization) => {
      if (!open) throw new Error('not connected yet');
      open.send(JSON.stringify({ type: 'ping', payload: { authorization } }));
    },
    close: async () => {
      unsubscribe();
      await client.dispose();
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** For hooks, where expect.poll is not available: resolves once `predicate` holds, fails after `timeoutMs`. */
export async function until(what: string, predicate: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}

/**
 * A subscription delivers from when it is open at the subgraph, which graphql-ws does not acknowledge:
 * makes probe events (e.g. launches a case, returning its id) until `seen` finds one of them delivered.
 * Returns the probes made, which other assertions may need to tell apart from the events under test.
 */
export async function untilProbeSeen(probe: () => Promise<string>, seen: (probes: ReadonlySet<string>) => boolean, timeoutMs = 60_000): Promise<string[]> {
  const probes = new Set<string>();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    probes.add(await probe());
    await sleep(300);
    if (seen(probes)) return [...probes];
    if (Date.now() > deadline) throw new Error(`no probe event arrived within ${timeoutMs} ms: the subscription never went live`);
  }
}
