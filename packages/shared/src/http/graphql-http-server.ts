import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import type { GraphQLError, GraphQLSchema } from 'graphql';
import { LruMap } from '../collections/lru-map.js';
import type { Logger } from '../logger.js';
import { documentLimitViolation } from '../graphql/operation-limits.js';
import { DEFAULT_OPERATION_LIMITS, type OperationLimits } from '../graphql/operation-limits-config.js';
import { jsonNestingExceeds, readBody, refusedJsonDepth, refusedOverLimit, RequestRefused, refusedFor } from './request-limits.js';

export type HealthCheck = () => Promise<void>;
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export interface GraphQLHttpServerOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  context: (req: IncomingMessage) => Promise<TContext>;
  /** Each check must resolve for `/health/ready` to answer 200. */
  readiness: Record<string, HealthCheck>;
  /** Extra GET/POST routes, e.g. the JWKS document. */
  routes?: Record<string, RouteHandler>;
  /** Paths at which GraphQL is served. */
  graphqlPaths?: readonly string[];
  logger: Logger;
  /** Body size, JSON nesting and batch size; the document limits are applied by Apollo's plugin. */
  limits?: OperationLimits;
  /** The schema operations are measured against (see documentLimitViolation); unset: documents are not measured. */
  schema?: () => GraphQLSchema | undefined;
  /**
   * Decides, once the caller is known, which document each operation runs (see AdmittedOperation):
   * e.g. the gateway's persisted operations. It may throw a GraphQLError to refuse the request.
   */
  admit?: (context: TContext, request: OperationRequest) => Promise<AdmittedOperation | undefined> | AdmittedOperation | undefined;
}

/** What a client sent for one operation: the document, or a hash in `extensions.persistedQuery` instead. */
export interface OperationRequest {
  query?: string | undefined;
  operationName?: string | undefined;
  extensions?: Record<string, unknown> | undefined;
}

/** The document to run instead of what was sent; `extensions.persistedQuery` is dropped, so nothing reaches APQ. */
export interface AdmittedOperation {
  query: string;
}

export interface RunningServer {
  readonly server: Server;
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function requestError(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
}

async function runChecks(checks: Record<string, HealthCheck>): Promise<{ ok: boolean; checks: Record<string, string> }> {
  const results = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      try {
        await check();
        return [name, 'ok'] as const;
      } catch (error) {
        return [name, error instanceof Error ? error.message : String(error)] as const;
      }
    }),
  );
  return { ok: results.every(([, status]) => status === 'ok'), checks: Object.fromEntries(results) };
}

/**
 * Serves an Apollo Server on plain node:http with liveness and readiness probes.
 * Owning the server (rather than `startStandaloneServer`) lets us add routes and
 * websocket upgrades on the same port.
 */
export function createGraphQLHttpServer<TContext extends BaseContext>(options: GraphQLHttpServerOptions<TContext>): Server {
  const graphqlPaths = new Set(options.graphqlPaths ?? ['/graphql']);
  const limits = options.limits ?? DEFAULT_OPERATION_LIMITS;
  const verdicts = new DocumentVerdicts();
  return createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      // The rest of a refused body is discarded as it arrives (see readBody), so the connection stays usable.
      if (error instanceof RequestRefused) return sendJson(res, error.status, error.body);
      options.logger.error({ err: error }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/health/live') return sendJson(res, 200, { status: 'ok' });
    if (url.pathname === '/health/ready') {
      const result = await runChecks(options.readiness);
      return sendJson(res, result.ok ? 200 : 503, { status: result.ok ? 'ok' : 'unavailable', checks: result.checks });
    }
    const route = options.routes?.[url.pathname];
    if (route && (req.method === 'GET' || req.method === 'POST')) return route(req, res);
    if (!graphqlPaths.has(url.pathname)) return sendJson(res, 404, { error: 'not found' });

    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    let body: unknown;
    for (const name of ['variables', 'extensions']) {
      const value = url.searchParams.get(name);
      if (value && jsonNestingExceeds(value, limits.maxJsonDepth)) throw refusedJsonDepth(limits.maxJsonDepth);
    }
    if (req.method === 'POST') {
      const raw = await readBody(req, limits.maxBodyBytes);
      if ((headers.get('content-type') ?? '').includes('json')) {
        // Checked before JSON.parse: the depth of the body's own array/object wrapper counts too.
        if (jsonNestingExceeds(raw, limits.maxJsonDepth + 1)) throw refusedJsonDepth(limits.maxJsonDepth);
        try {
          body = raw.length ? JSON.parse(raw) : undefined;
        } catch {
          return requestError(res, 400, 'Request body is not valid JSON');
        }
      } else {
        body = raw;
      }
      if (Array.isArray(body) && body.length > limits.maxBatch) throw refusedOverLimit('batch', limits.maxBatch, body.length);
    }
    documentsOver(limits, options.schema?.(), req.method === 'POST' ? body : { query: url.searchParams.get('query') }, verdicts);
    // Apollo reads the body and the search only after building the context, which admission follows.
    let admitted = { body, search: url.search };
    const response = await options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: req.method ?? 'GET',
        headers,
        get search() {
          return admitted.search;
        },
        get body() {
          return admitted.body;
        },
      },
      context: async () => {
        const context = await options.context(req);
        if (options.admit) admitted = await admitOperations(options.admit, context, req.method === 'POST', body, url);
        return context;
      },
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      // Encoded once: given a string, Node measures its UTF-8 length for Content-Length and then
      // encodes it again, two passes over a response that can be hundreds of kilobytes.
      const encoded = Buffer.from(response.body.string, 'utf8');
      res.setHeader('content-length', encoded.length);
      res.end(encoded);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }
}

/** Documents up to this length have their verdict remembered; longer ones (rare, and mostly attacks) are measured each time. */
const REMEMBERED_DOCUMENT_CHARS = 16_384;
const REMEMBERED_DOCUMENTS = 1_000;

/**
 * What the document limits said of recent documents, per schema served: a client sends the same few
 * documents again and again, and measuring one means parsing it (Apollo's own parse is cached too).
 * null: within the limits.
 */
class DocumentVerdicts {
  private schema: GraphQLSchema | undefined;
  private readonly verdicts = new LruMap<string, GraphQLError | null>(REMEMBERED_DOCUMENTS);

  violation(query: string, schema: GraphQLSchema, limits: OperationLimits): GraphQLError | undefined {
    if (schema !== this.schema) {
      this.verdicts.clear();
      this.schema = schema;
    }
    if (query.length > REMEMBERED_DOCUMENT_CHARS) return documentLimitViolation(query, schema, limits);
    let verdict = this.verdicts.get(query);
    if (verdict === undefined) {
      verdict = documentLimitViolation(query, schema, limits) ?? null;
      this.verdicts.set(query, verdict);
    }
    return verdict ?? undefined;
  }
}

/** Refuses an operation over the document limits before Apollo parses, validates or plans it. */
function documentsOver(limits: OperationLimits, schema: GraphQLSchema | undefined, body: unknown, verdicts: DocumentVerdicts): void {
  if (!schema) return;
  for (const request of Array.isArray(body) ? (body as unknown[]) : [body]) {
    const query = typeof request === 'object' && request !== null && 'query' in request ? request.query : undefined;
    if (typeof query !== 'string') continue;
    const violation = verdicts.violation(query, schema, limits);
    if (violation) throw refusedFor(violation);
  }
}

function operationRequest(value: unknown): OperationRequest | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { query, operationName, extensions } = value as Record<string, unknown>;
  return {
    query: typeof query === 'string' ? query : undefined,
    operationName: typeof operationName === 'string' ? operationName : undefined,
    extensions: typeof extensions === 'object' && extensions !== null && !Array.isArray(extensions) ? (extensions as Record<string, unknown>) : undefined,
  };
}

function withoutPersistedQuery(extensions: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!extensions) return undefined;
  const { persistedQuery: _dropped, ...rest } = extensions;
  return rest;
}

/** Applies the admission decision to each operation of a POST body (or a batch), or to GET's search. */
async function admitOperations<TContext extends BaseContext>(
  admit: NonNullable<GraphQLHttpServerOptions<TContext>['admit']>,
  context: TContext,
  post: boolean,
  body: unknown,
  url: URL,
): Promise<{ body: unknown; search: string }> {
  const decide = admit;
  if (!post) {
    let extensions: Record<string, unknown> | undefined;
    try {
      extensions = operationRequest({ extensions: JSON.parse(url.searchParams.get('extensions') ?? 'null') as unknown })?.extensions;
    } catch {
      extensions = undefined;
    }
    const request = { query: url.searchParams.get('query') ?? undefined, operationName: url.searchParams.get('operationName') ?? undefined, extensions };
    const decision = await decide(context, request);
    if (!decision) return { body, search: url.search };
    const params = new URLSearchParams(url.searchParams);
    params.set('query', decision.query);
    const rest = withoutPersistedQuery(extensions);
    if (rest && Object.keys(rest).length) params.set('extensions', JSON.stringify(rest));
    else params.delete('extensions');
    return { body, search: `?${params.toString()}` };
  }
  const one = async (item: unknown): Promise<unknown> => {
    const request = operationRequest(item);
    if (!request) return item;
    const decision = await decide(context, request);
    if (!decision) return item;
    const { extensions: _sent, ...rest } = item as Record<string, unknown>;
    const extensions = withoutPersistedQuery(request.extensions);
    return { ...rest, query: decision.query, ...(extensions ? { extensions } : {}) };
  };
  return { body: Array.isArray(body) ? await Promise.all(body.map(one)) : await one(body), search: url.search };
}

/** Listens on `port` (0 picks a free one) and reports the bound URL. */
export async function listen(server: Server, port: number, host: string): Promise<RunningServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return {
    server,
    port: address.port,
    url: `http://${shownHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
