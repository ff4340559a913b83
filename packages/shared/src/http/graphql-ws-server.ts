import type { IncomingMessage, Server } from 'node:http';
import { GraphQLError, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import type { ServerOptions } from 'graphql-ws';
import { useServer, type Extra } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { AuthContext } from '../auth/context.js';
import { ErrorCode } from '../graphql/errors.js';
import type { Logger } from '../logger.js';

/**
 * Close codes of our graphql-ws endpoints (the protocol reserves 4400–4499 for the server):
 * - 4401 Unauthorized: `connection_init` carried no valid credential (missing, forged, expired, revoked),
 *   or the credential was revoked (logout, API key revoked) while the connection was open;
 * - 4403 Token expired: the credential the connection was opened with has expired since; the client
 *   should fetch a fresh access token and reconnect (resuming with `after` where supported).
 */
export const WsCloseCode = { Unauthorized: 4401, TokenExpired: 4403 } as const;

/** How often an open connection's credential is checked again by default: the longest a revoked one stays connected. */
export const DEFAULT_CREDENTIAL_RECHECK_MS = 30_000;

/** The verified caller of a connection; `authorization` is passed on to subgraphs by the gateway. */
export interface WsCaller<TAuth = AuthContext> {
  auth: TAuth;
  /** When the credential stops being valid; the socket is closed with 4403 then. */
  expiresAt?: Date | undefined;
}

interface ConnectionState<TAuth> {
  caller?: WsCaller<TAuth>;
  expiryTimer?: NodeJS.Timeout;
  recheckTimer?: NodeJS.Timeout;
}

export interface GraphQLWsOptions<TAuth, TContext extends object> {
  server: Server;
  paths: readonly string[];
  /** A function for the gateway, whose schema changes with the supergraph. */
  schema: GraphQLSchema | (() => GraphQLSchema);
  /**
   * Verifies `connection_init`'s payload (e.g. `authorization`, `x-api-key`) exactly as the HTTP
   * path verifies headers. Throwing or resolving undefined refuses the connection with 4401.
   * It is called again every `credentialRecheckMs` with the same payload, so that a revocation ends
   * open connections too: resolving undefined or throwing UNAUTHENTICATED then closes with 4401.
   */
  authenticate(params: Readonly<Record<string, unknown>>, request: IncomingMessage): Promise<WsCaller<TAuth> | undefined>;
  /** Default DEFAULT_CREDENTIAL_RECHECK_MS. */
  credentialRecheckMs?: number | undefined;
  /** The per-operation context, the same shape HTTP resolvers get. */
  context(caller: WsCaller<TAuth>, request: IncomingMessage): TContext | Promise<TContext>;
  execute?: ServerOptions['execute'];
  subscribe?: ServerOptions['subscribe'];
  logger: Logger;
}

/**
 * Serves graphql-ws (`graphql-transport-ws`) on the paths of an existing node:http server, so
 * subscriptions share the port and path of queries. Only upgrades to `paths` are accepted.
 */
export function attachGraphQLWebSocket<TAuth, TContext extends object>(options: GraphQLWsOptions<TAuth, TContext>): { close(): Promise<void> } {
  const wss = new WebSocketServer({ noServer: true });
  const recheckMs = options.credentialRecheckMs ?? DEFAULT_CREDENTIAL_RECHECK_MS;
  const paths = new Set(options.paths);
  const connections = new WeakMap<object, ConnectionState<TAuth>>();
  const stateOf = (extra: Extra): ConnectionState<TAuth> => {
    let state = connections.get(extra.socket);
    if (!state) {
      state = {};
      connections.set(extra.socket, state);
    }
    return state;
  };

  /** The close code a connection gets after a check of its credential, or undefined to keep it open. */
  async function recheck(params: Readonly<Record<string, unknown>>, request: IncomingMessage, caller: WsCaller<TAuth>): Promise<number | undefined> {
    try {
      if (await options.authenticate(params, request)) return undefined;
    } catch (error) {
      // A check that could not be made (cache or identity unreachable) keeps a connection that was verified.
      const refused = error instanceof GraphQLError && error.extensions.code === ErrorCode.Unauthenticated;
      if (!refused) {
        options.logger.warn({ err: error }, 'could not recheck a websocket credential; the connection stays open');
        return undefined;
      }
    }
    // The expiry timer says 4403 at the same moment; a check that races it must not say 4401 instead.
    return caller.expiresAt && caller.expiresAt.getTime() <= Date.now() ? WsCloseCode.TokenExpired : WsCloseCode.Unauthorized;
  }

  options.server.on('upgrade', (request: IncomingMessage, socket, head) => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    if (!paths.has(pathname)) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  });

  const disposable = useServer<Record<string, unknown>, Record<PropertyKey, never>>(
    {
      schema: () => (typeof options.schema === 'function' ? options.schema() : options.schema),
      onConnect: async (ctx) => {
        let caller: WsCaller<TAuth> | undefined;
        try {
          caller = await options.authenticate(ctx.connectionParams ?? {}, ctx.extra.request);
        } catch (error) {
          options.logger.debug({ err: error }, 'websocket connection refused');
        }
        if (!caller) {
          // graphql-ws would close with 4403 on `false`; ours says what is wrong (it ignores a second close).
          ctx.extra.socket.close(WsCloseCode.Unauthorized, 'Unauthorized');
          return false;
        }
        const state = stateOf(ctx.extra);
        state.caller = caller;
        const verified = caller;
        const socket = ctx.extra.socket;
        if (verified.expiresAt) {
          // setTimeout overflows past ~24.8 days; access tokens live minutes.
          const delay = Math.min(Math.max(0, verified.expiresAt.getTime() - Date.now()), 2 ** 31 - 1);
          state.expiryTimer = setTimeout(() => socket.close(WsCloseCode.TokenExpired, 'Token expired'), delay);
          state.expiryTimer.unref();
        }
        const params = ctx.connectionParams ?? {};
        let checking = false;
        const timer = setInterval(() => {
          // A socket that closed while onConnect was still verifying never reaches onClose with this timer.
          if (socket.readyState !== socket.OPEN) return clearInterval(timer);
          if (checking) return;
          checking = true;
          void recheck(params, ctx.extra.request, verified)
            .then((code) => code !== undefined && socket.close(code, code === WsCloseCode.TokenExpired ? 'Token expired' : 'Unauthorized'))
            .finally(() => (checking = false));
        }, recheckMs);
        timer.unref();
        state.recheckTimer = timer;
        return true;
      },
      onClose: (ctx) => {
        const state = stateOf(ctx.extra);
        clearTimeout(state.expiryTimer);
        clearInterval(state.recheckTimer);
      },
      context: async (ctx) => {
        const caller = stateOf(ctx.extra).caller;
        // onConnect refuses callers it could not verify, so there is always one here.
        if (!caller) throw new Error('websocket operation without a verified caller');
        return options.context(caller, ctx.extra.request);
      },
      ...(options.execute ? { execute: options.execute } : {}),
      ...(options.subscribe ? { subscribe: options.subscribe } : {}),
    },
    wss,
  );

  return {
    // Upgraded sockets keep node:http's close() waiting, so they are closed (1001) first.
    close: async () => {
      await disposable.dispose();
    },
  };
}

export type { ExecutionArgs };
