import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { AuthContext } from '@flowgraph/shared/auth/context';
import type { Cache } from '@flowgraph/shared/cache/cache';
import type { Logger } from '@flowgraph/shared/logger';
import type { AdmittedOperation, OperationRequest } from '@flowgraph/shared/http/graphql-http-server';
import {
  OPERATION_NOT_ALLOWED,
  PERSISTED_OPERATIONS_EPOCH_KEY,
  PERSISTED_QUERY_NOT_FOUND,
  persistedOperationsKey,
  type ClientOperationList,
} from '@flowgraph/shared/persisted-operations';

export interface PersistedOperationsOptions {
  cache: Cache;
  /** Identity's route serving a bound API key's list to the holder of its token. */
  listUrl: string;
  /** Identity's route recording a `log` client's unlisted operations. */
  unlistedUrl: string;
  /** How often the epoch is read; the longest a changed list goes unnoticed. */
  pollMs: number;
  logger: Logger;
  fetch?: typeof fetch;
}

export interface PersistedOperations {
  /** Which document to run for this caller (see OperationRequest), or a refusal, before anything is planned. */
  admit(caller: { auth: AuthContext; authorization?: string | undefined }, request: OperationRequest): Promise<AdmittedOperation | undefined>;
  close(): void;
}

/** Lists held in process, at most; past it they are dropped and read from the cache again. */
const MAX_HELD_LISTS = 10_000;
/** An unlisted operation is reported once per client per window, not once per request. */
const REPORT_EVERY_MS = 60_000;

export function operationNotAllowed(clientName: string, hash: string): GraphQLError {
  return new GraphQLError(`This operation is not in the persisted operations of client "${clientName}"`, {
    extensions: { code: OPERATION_NOT_ALLOWED, clientName, hash, http: { status: 400 } },
  });
}

function unboundApiKey(): GraphQLError {
  return new GraphQLError('This API key is bound to no client: it runs no operation until it is recreated with a client name', {
    extensions: { code: OPERATION_NOT_ALLOWED, http: { status: 400 } },
  });
}

export function persistedQueryNotFound(clientName: string): GraphQLError {
  return new GraphQLError(`PersistedQueryNotFound: no operation with this hash in the persisted operations of client "${clientName}"`, {
    extensions: { code: PERSISTED_QUERY_NOT_FOUND, clientName, http: { status: 200 } },
  });
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Trusted documents for partner clients. Every API key is bound to a client name and runs only what
 * that client's active list holds (policy `enforce`), runs anything but reports what is unlisted (`log`),
 * or anything (`off`); hashes resolve from the list, never from the APQ cache, which first-party
 * clients fill. Lists are held in process until the epoch in the shared cache moves (polled every
 * `pollMs`), read from the cache, and on a miss from identity with the partner's own token.
 */
export function createPersistedOperations(options: PersistedOperationsOptions): PersistedOperations {
  const doFetch = options.fetch ?? fetch;
  const held = new Map<string, ClientOperationList>();
  const reported = new Map<string, number>();
  let epoch: string | undefined;
  const poll = async () => {
    const current = await options.cache.get<string>(PERSISTED_OPERATIONS_EPOCH_KEY).catch(() => epoch);
    if (current !== epoch) {
      epoch = current;
      held.clear();
    }
  };
  const timer = setInterval(() => void poll(), options.pollMs);
  timer.unref();
  void poll();

  async function listFor(tenantId: string, clientName: string, authorization: string | undefined): Promise<ClientOperationList> {
    const key = `${tenantId}:${clientName}`;
    const known = held.get(key);
    if (known) return known;
    let list = await options.cache.get<ClientOperationList>(persistedOperationsKey(tenantId, clientName)).catch(() => undefined);
    if (!list) {
      const response = await doFetch(options.listUrl, { headers: authorization ? { authorization } : {} });
      if (!response.ok) throw new Error(`persisted operations of ${clientName} unavailable: HTTP ${response.status}`);
      list = (await response.json()) as ClientOperationList;
    }
    if (held.size >= MAX_HELD_LISTS) held.clear();
    held.set(key, list);
    return list;
  }

  function report(tenantId: string, clientName: string, authorization: string | undefined, hash: string, request: OperationRequest): void {
    const key = `${tenantId}:${clientName}:${hash}`;
    const now = Date.now();
    if ((reported.get(key) ?? 0) > now - REPORT_EVERY_MS) return;
    if (reported.size >= MAX_HELD_LISTS) reported.clear();
    reported.set(key, now);
    // Named as the client named it, else as the document names its (first) operation.
    const operationName = request.operationName ?? /^\s*(?:query|mutation|subscription)\s+([_A-Za-z]\w*)/.exec(request.query ?? '')?.[1];
    const body = JSON.stringify({ hash, operationName, body: request.query });
    doFetch(options.unlistedUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) }, body })
      .then((response) => {
        if (!response.ok) options.logger.warn({ status: response.status, clientName, hash }, 'unlisted operation not recorded');
      })
      .catch((error: unknown) => options.logger.warn({ err: error, clientName, hash }, 'unlisted operation not recorded'));
  }

  return {
    async admit({ auth, authorization }, request) {
      // People (first-party clients) keep automatic persisted queries.
      if (auth.kind !== 'user' || auth.client !== 'api-key') return undefined;
      // Every key is bound to a client; a token naming none (exchanged before binding) runs nothing.
      if (!auth.clientName) throw unboundApiKey();
      const list = await listFor(auth.tenantId, auth.clientName, authorization);
      if (list.policy === 'off') return undefined;
      const persisted = request.extensions?.persistedQuery;
      const sent = typeof persisted === 'object' && persisted !== null && 'sha256Hash' in persisted ? persisted.sha256Hash : undefined;
      if (request.query === undefined) {
        if (typeof sent !== 'string') return undefined;
        const body = list.operations[sent];
        if (body === undefined) throw persistedQueryNotFound(auth.clientName);
        return { query: body };
      }
      const hash = sha256(request.query);
      if (list.operations[hash] !== undefined) return { query: request.query };
      if (list.policy === 'enforce') throw operationNotAllowed(auth.clientName, hash);
      report(auth.tenantId, auth.clientName, authorization, hash, request);
      return { query: request.query };
    },
    close: () => clearInterval(timer),
  };
}
