import type { IncomingMessage, Server } from 'node:http';
import { createRequire } from 'node:module';
import type { Duplex } from 'node:stream';
import { GraphQLError, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import type * as GraphQLModule from 'graphql';
import type { ServerOptions } from 'graphql-ws';
import { useServer, type Extra } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AuthContext } from '../auth/context.js';
import { ErrorCode } from '../graphql/errors.js';
import type { Logger } from '../logger.js';
import { DEFAULT_OPERATION_LIMITS } from '../graphql/operation-limits-config.js';
import { FixedWindowCounter } from './connection-rate.js';
import { validateHidingSchema, wsOperationRefusal, type WsOperationGuard } from './ws-operation-guard.js';
import type { AdmittedOperation, OperationRequest } from './graphql-http-server.js';

/**
 * Close codes of our graphql-ws endpoints (the protocol reserves 4400–4499 for the server):
 * - 4401 Unauthorized: `connection_init` carried no valid credential (missing, forged, expired, revoked),
 *   the credential was revoked (logout, API key revoked) while the connection was open, or a renewal
 *   carried an invalid credential or one of someone else;
 * - 4403 Token expired: the connection's credential has expired since and was not renewed; the client
 *   should fetch a fresh access token and reconnect (resuming with `after` where supported).
 *
 * Renewal: a `ping` whose payload carries a credential (`{ "authorization": "Bearer <token>" }`) replaces
 * the connection's credential with that one, if it is valid and of the same user and tenant; the
 * connection then lives until the new one expires, and the answering pong comes after the renewal, its
 * payload emptied of the credential. graphql-ws has no message for this; a ping is one
 * every server must answer, so clients and servers without the extension still interoperate.
 */
export const WsCloseCode = { Unauthorized: 4401, TokenExpired: 4403, TooManyOperations: 4429 } as const;

/**
 * Operations refused with SUBSCRIPTION_LIMIT on one connection before it is closed with 4429: a client
 * that goes on opening past its bound is flooding, and each refusal still costs a parse and a write.
 */
export const REFUSALS_BEFORE_CLOSE = 50;

/** How often an open connection's credential is checked again by default: the longest a revoked one stays connected. */
export const DEFAULT_CREDENTIAL_RECHECK_MS = 30_000;
/** graphql-ws's own default for useServer. */
export const DEFAULT_KEEP_ALIVE_MS = 12_000;

/** The verified caller of a connection; `authorization` is passed on to subgraphs by the gateway. */
export interface WsCaller<TAuth = AuthContext> {
  auth: TAuth;
  /** When the credential stops being valid; the socket is closed with 4403 then, unless it was renewed. */
  expiresAt?: Date | undefined;
  /**
   * For a credential the server can refresh by itself (an API key, exchanged again for a fresh
   * token): called before `expiresAt`; the connection goes on as the caller it resolves to.
   * Undefined or UNAUTHENTICATED closes the connection with 4401.
   */
  renew?: (() => Promise<WsCaller<TAuth> | undefined>) | undefined;
}

/** Renewals start this long before expiry, or halfway through a shorter remaining lifetime. */
const RENEW_AHEAD_MS = 60_000;
/** A renewal that could not be made (identity unreachable) is tried again after this. */
const RENEW_RETRY_MS = 5_000;

interface ConnectionState<TAuth> {
  caller?: WsCaller<TAuth>;
  /** The credential as last presented: `connection_init`'s payload, or a renewal's. */
  params: Readonly<Record<string, unknown>>;
  expiryTimer?: NodeJS.Timeout;
  renewTimer?: NodeJS.Timeout;
  recheckTimer?: NodeJS.Timeout;
  /** The caller's principalKey, when operations are bounded per principal. */
  principal?: string;
  /** Operations refused with SUBSCRIPTION_LIMIT so far. */
  refusals?: number;
}

const hasCredential = (payload: unknown): payload is Record<string, unknown> =>
  !!payload && typeof payload === 'object' && ('authorization' in payload || 'x-api-key' in payload);

const CREDENTIAL_KEYS = ['authorization', 'x-api-key'] as const;

/**
 * Takes the credential out of a ping's payload and returns it. graphql-ws answers a ping with a
 * pong echoing that same payload object after `onPing`; emptied, the pong (which still confirms the
 * renewal was handled) does not carry the token back over the wire.
 */
function withoutCredential(payload: Record<string, unknown>): Record<string, unknown> {
  const credential: Record<string, unknown> = {};
  for (const key of CREDENTIAL_KEYS) {
    if (key in payload) credential[key] = payload[key];
    Reflect.deleteProperty(payload, key);
  }
  return credential;
}

/** setTimeout overflows past ~24.8 days; access tokens live minutes. */
const delayUntil = (at: number) => Math.min(Math.max(0, at - Date.now()), 2 ** 31 - 1);

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
  /** Whether a renewal's caller is the connection's: a renewal may extend a connection, never change whose it is. */
  samePrincipal(current: TAuth, next: TAuth): boolean;
  /** Told after a connection's credential was renewed (the gateway passes the new token on upstream). */
  onRenewed?: ((previous: WsCaller<TAuth>, next: WsCaller<TAuth>) => void) | undefined;
  /**
   * The per-operation context, the same shape HTTP resolvers get. `current` answers the
   * connection's caller as it is now, after any renewal, for what must follow it (a token to forward).
   */
  context(caller: WsCaller<TAuth>, request: IncomingMessage, current: () => WsCaller<TAuth>): TContext | Promise<TContext>;
  execute?: ServerOptions['execute'];
  subscribe?: ServerOptions['subscribe'];
  /**
   * Decides each operation once its caller is known and before it is parsed, as the HTTP server's
   * `admit` does (a partner's trusted documents): a thrown GraphQLError refuses the operation, a
   * returned document replaces the one sent (a request that named only a hash).
   */
  admit?: ((caller: TAuth, request: OperationRequest) => Promise<AdmittedOperation | undefined>) | undefined;
  /**
   * Coalesce the frames a connection sends within a tick into one write (see coalesceWrites).
   * For servers whose connections multiplex many subscriptions: a subgraph's, which the gateway
   * reaches over one connection per caller. Not for a fan-out to many connections of one
   * subscription each (the gateway's clients), where it only adds work per frame.
   */
  coalesceWrites?: boolean | undefined;
  /**
   * How often each connection is pinged (ms); one that has not answered by the next ping is dropped.
   * Default graphql-ws's 12 s. Tests that stall a client on purpose set it beyond their stall.
   */
  keepAliveMs?: number | undefined;
  /** The document and cost limits of each operation, as over HTTP (see ws-operation-guard.ts); none by default. */
  guard?: WsOperationGuard | undefined;
  /** Bounds on what one client may hold open (see WsLimits); none by default. */
  limits?: WsLimits<TAuth> | undefined;
  logger: Logger;
}

/**
 * What one client may cost. Past a subscription limit the operation is refused with
 * SUBSCRIPTION_LIMIT (the connection and its other operations go on); past the connection rate the
 * upgrade is answered 429 with Retry-After.
 */
export interface WsLimits<TAuth> {
  /** Operations open at once on one connection. */
  perConnection?: number | undefined;
  /** Operations open at once over all connections of one principal to this instance. */
  perPrincipal?: number | undefined;
  /** Names the principal of a connection's caller, for `perPrincipal`. */
  principalKey?: ((auth: TAuth) => string) | undefined;
  /** Upgrades accepted per client address and minute. */
  connectionsPerMinute?: number | undefined;
  /** The client's address behind trusted proxies (see clientAddress); the socket's peer by default. */
  clientAddress?: ((request: IncomingMessage) => string) | undefined;
}

export const SUBSCRIPTION_LIMIT = 'SUBSCRIPTION_LIMIT';

/**
 * graphql-ws accepts errors from onSubscribe only if they are instances of the GraphQLError class it
 * imported itself: node's resolution of `graphql`, the CommonJS build. A bundler-style resolution of
 * this module (vitest's) may pick the ESM build instead, a different class; requiring it as
 * graphql-ws does gives the class it checks against everywhere.
 */
const WsGraphQLError = (createRequire(import.meta.url)('graphql') as typeof GraphQLModule).GraphQLError;

/** A refusal as graphql-ws sends it: the error's HTTP status and headers (`extensions.http`) mean nothing on a socket. */
function socketError(message: string, { http: _http, ...extensions }: Readonly<Record<string, unknown>>): GraphQLModule.GraphQLError {
  return new WsGraphQLError(message, { extensions });
}

const subscriptionLimit = (scope: 'connection' | 'user', limit: number) =>
  new WsGraphQLError(`At most ${limit} operations may be open at once per ${scope}; complete one before starting another`, {
    extensions: { code: SUBSCRIPTION_LIMIT, scope, limit },
  });

/**
 * Serves graphql-ws (`graphql-transport-ws`) on the paths of an existing node:http server, so
 * subscriptions share the port and path of queries. Only upgrades to `paths` are accepted.
 */
export function attachGraphQLWebSocket<TAuth, TContext extends object>(options: GraphQLWsOptions<TAuth, TContext>): { close(): Promise<void> } {
  // One message per macrotask: a client that sends thousands of frames in one burst (they arrive in a
  // few TCP reads) would otherwise have all of them handled in one go, holding up every other request.
  // A frame over the HTTP body limit closes the connection (1009) before it is buffered whole (ws's default is 100 MiB).
  const wss = new WebSocketServer({ noServer: true, allowSynchronousEvents: false, maxPayload: options.guard?.limits.maxBodyBytes ?? DEFAULT_OPERATION_LIMITS.maxBodyBytes });
  const schemaOf = () => (typeof options.schema === 'function' ? options.schema() : options.schema);
  const recheckMs = options.credentialRecheckMs ?? DEFAULT_CREDENTIAL_RECHECK_MS;
  const paths = new Set(options.paths);
  const connections = new WeakMap<object, ConnectionState<TAuth>>();
  const stateOf = (extra: Extra): ConnectionState<TAuth> => {
    let state = connections.get(extra.socket);
    if (!state) {
      state = { params: {} };
      connections.set(extra.socket, state);
    }
    return state;
  };
  type Socket = Extra['socket'];
  const limits = options.limits ?? {};
  /** The open connections of each principal, whose operations count against `perPrincipal`. */
  const principals = new Map<string, Set<{ subscriptions: Record<string, unknown> }>>();
  const upgrades = limits.connectionsPerMinute ? new FixedWindowCounter(limits.connectionsPerMinute, 60_000) : undefined;
  const refuse = (socket: Socket) => socket.close(WsCloseCode.Unauthorized, 'Unauthorized');

  /** The SUBSCRIPTION_LIMIT error for an operation past a bound, if it is. */
  function overLimit(ctx: { subscriptions: Record<string, unknown> }, state: ConnectionState<TAuth>): GraphQLError | undefined {
    // graphql-ws has put this operation in ctx.subscriptions already, and takes it out when it ends.
    const open = Object.keys(ctx.subscriptions).length;
    if (limits.perConnection && open > limits.perConnection) return subscriptionLimit('connection', limits.perConnection);
    const connections = state.principal === undefined ? undefined : principals.get(state.principal);
    if (limits.perPrincipal && connections) {
      let total = 0;
      for (const connection of connections) total += Object.keys(connection.subscriptions).length;
      if (total > limits.perPrincipal) return subscriptionLimit('user', limits.perPrincipal);
    }
    return undefined;
  }

  /** (Re)starts the expiry and renewal timers of the connection's current caller. */
  function arm(state: ConnectionState<TAuth>, socket: Socket): void {
    clearTimeout(state.expiryTimer);
    clearTimeout(state.renewTimer);
    const caller = state.caller;
    if (!caller?.expiresAt) return;
    const expiresAt = caller.expiresAt.getTime();
    state.expiryTimer = setTimeout(() => socket.close(WsCloseCode.TokenExpired, 'Token expired'), delayUntil(expiresAt));
    state.expiryTimer.unref();
    if (caller.renew) {
      const remaining = expiresAt - Date.now();
      scheduleRenewal(state, socket, caller.renew, Date.now() + Math.max(remaining / 2, remaining - RENEW_AHEAD_MS));
    }
  }

  function scheduleRenewal(state: ConnectionState<TAuth>, socket: Socket, renew: NonNullable<WsCaller<TAuth>['renew']>, at: number): void {
    state.renewTimer = setTimeout(() => {
      renew().then(
        (next) => adopt(state, socket, next),
        (error: unknown) => {
          if (isRefusal(error)) return refuse(socket);
          options.logger.warn({ err: error }, 'could not renew a websocket credential; retrying until it expires');
          scheduleRenewal(state, socket, renew, Date.now() + RENEW_RETRY_MS);
        },
      );
    }, delayUntil(at));
    state.renewTimer.unref();
  }

  /** The connection goes on as `next`, if it is a valid caller and the same principal; otherwise it is closed with 4401. */
  function adopt(state: ConnectionState<TAuth>, socket: Socket, next: WsCaller<TAuth> | undefined, params?: Readonly<Record<string, unknown>>): void {
    const previous = state.caller;
    if (socket.readyState !== socket.OPEN || !previous) return;
    if (!next || !options.samePrincipal(previous.auth, next.auth)) return refuse(socket);
    state.caller = next;
    if (params) state.params = params;
    arm(state, socket);
    options.onRenewed?.(previous, next);
  }

  /** The close code a connection gets after a check of its credential, or undefined to keep it open. */
  async function recheck(params: Readonly<Record<string, unknown>>, request: IncomingMessage, caller: WsCaller<TAuth>): Promise<number | undefined> {
    try {
      if (await options.authenticate(params, request)) return undefined;
    } catch (error) {
      // A check that could not be made (cache or identity unreachable) keeps a connection that was verified.
      if (!isRefusal(error)) {
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
    const retryAfter = upgrades?.take(limits.clientAddress?.(request) ?? request.socket.remoteAddress ?? 'unknown');
    if (retryAfter !== undefined) {
      socket.end(`HTTP/1.1 429 Too Many Requests\r\nRetry-After: ${retryAfter}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      if (options.coalesceWrites) coalesceWrites(ws, socket);
      wss.emit('connection', ws, request);
    });
  });

  const disposable = useServer<Record<string, unknown>>(
    {
      schema: schemaOf,
      ...(options.guard?.hideSchema ? { validate: validateHidingSchema } : {}),
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
        state.params = ctx.connectionParams ?? {};
        // A socket that closed while onConnect was verifying has had its onClose already: nothing to register.
        if (limits.perPrincipal && limits.principalKey && ctx.extra.socket.readyState === ctx.extra.socket.OPEN) {
          state.principal = limits.principalKey(caller.auth);
          const open = principals.get(state.principal) ?? new Set();
          open.add(ctx);
          principals.set(state.principal, open);
        }
        const socket = ctx.extra.socket;
        arm(state, socket);
        let checking = false;
        const timer = setInterval(() => {
          // A socket that closed while onConnect was still verifying never reaches onClose with this timer.
          if (socket.readyState !== socket.OPEN) return clearInterval(timer);
          if (checking || !state.caller) return;
          checking = true;
          void recheck(state.params, ctx.extra.request, state.caller)
            .then((code) => code !== undefined && socket.close(code, code === WsCloseCode.TokenExpired ? 'Token expired' : 'Unauthorized'))
            .finally(() => (checking = false));
        }, recheckMs);
        timer.unref();
        state.recheckTimer = timer;
        return true;
      },
      // A ping carrying a credential renews the connection's (see the module comment); other pings are keep-alives.
      onPing: async (ctx, payload) => {
        const state = stateOf(ctx.extra);
        if (!hasCredential(payload)) return;
        const credential = withoutCredential(payload);
        if (!state.caller) return;
        let next: WsCaller<TAuth> | undefined;
        try {
          next = await options.authenticate(credential, ctx.extra.request);
        } catch (error) {
          options.logger.debug({ err: error }, 'websocket credential renewal refused');
        }
        adopt(state, ctx.extra.socket, next, credential);
      },
      onSubscribe: async (ctx, _id, payload) => {
        const state = stateOf(ctx.extra);
        const refusal = overLimit(ctx, state);
        if (refusal) {
          state.refusals = (state.refusals ?? 0) + 1;
          if (state.refusals === REFUSALS_BEFORE_CLOSE) ctx.extra.socket.close(WsCloseCode.TooManyOperations, 'Too many operations');
          return [refusal];
        }
        if (options.admit && state.caller) {
          try {
            // graphql-ws requires a query string: an empty one stands for "only the hash was sent".
            const admitted = await options.admit(state.caller.auth, {
              query: payload.query || undefined,
              operationName: payload.operationName ?? undefined,
              extensions: payload.extensions ?? undefined,
            });
            // graphql-ws parses this same payload object once the hook returns nothing (typed readonly for hooks).
            if (admitted) (payload as { query: string }).query = admitted.query;
          } catch (error) {
            if (error instanceof Error && 'extensions' in error && typeof error.extensions === 'object' && error.extensions !== null) {
              return [socketError(error.message, error.extensions as Record<string, unknown>)];
            }
            throw error;
          }
        }
        // The document that will run (the admitted one), measured before graphql-ws parses it.
        const refused = options.guard && wsOperationRefusal(options.guard, schemaOf(), payload);
        return refused ? [socketError(refused.message, refused.extensions)] : undefined;
      },
      onClose: (ctx) => {
        const state = stateOf(ctx.extra);
        if (state.principal !== undefined) {
          const open = principals.get(state.principal);
          open?.delete(ctx);
          if (open?.size === 0) principals.delete(state.principal);
        }
        clearTimeout(state.expiryTimer);
        clearTimeout(state.renewTimer);
        clearInterval(state.recheckTimer);
      },
      context: async (ctx) => {
        const state = stateOf(ctx.extra);
        const caller = state.caller;
        // onConnect refuses callers it could not verify, so there is always one here.
        if (!caller) throw new Error('websocket operation without a verified caller');
        return options.context(caller, ctx.extra.request, () => state.caller ?? caller);
      },
      ...(options.execute ? { execute: options.execute } : {}),
      ...(options.subscribe ? { subscribe: options.subscribe } : {}),
    },
    wss,
    options.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS,
  );

  return {
    // Upgraded sockets keep node:http's close() waiting, so they are closed (1001) first.
    close: async () => {
      await disposable.dispose();
    },
  };
}

/**
 * Frames sent on one connection within a tick leave it in (at most) two writes. A subgraph's
 * connection from the gateway multiplexes every subscription of one caller, so a single event can
 * mean hundreds of frames on it; sent one by one, each is a syscall (on loopback one that also runs
 * the receiver's TCP work). The first frame of a tick goes at once: a fan-out, one frame on each of
 * many connections, must keep writing while the clients read, not hold every socket's frame until
 * the whole fan-out is done. From the second frame on, one more cork than `ws`'s own per-frame cork
 * is held until the tick's queued callbacks and promises have run, and those frames go in one writev.
 */
function coalesceWrites(ws: WebSocket, socket: Duplex): void {
  const send = ws.send.bind(ws) as (...args: unknown[]) => void;
  let state: 'idle' | 'sent' | 'corked' = 'idle';
  const endOfTick = () => {
    if (state === 'corked') socket.uncork();
    state = 'idle';
  };
  ws.send = ((...args: unknown[]) => {
    if (state === 'idle') {
      state = 'sent';
      process.nextTick(endOfTick);
    } else if (state === 'sent') {
      state = 'corked';
      socket.cork();
    }
    send(...args);
  }) as WebSocket['send'];
}

/** A credential that was checked and refused (as opposed to a check that could not be made). */
function isRefusal(error: unknown): boolean {
  return error instanceof GraphQLError && error.extensions.code === ErrorCode.Unauthenticated;
}

export type { ExecutionArgs };
