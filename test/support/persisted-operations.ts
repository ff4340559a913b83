import { createHash } from 'node:crypto';
import { postGraphQL, type GraphQLResponse } from './http.js';

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** A manifest in Apollo's format holding `bodies`. */
export function manifestOf(bodies: readonly string[]) {
  return {
    format: 'apollo-persisted-query-manifest',
    version: 1,
    operations: bodies.map((body, index) => ({
      id: sha256(body),
      name: /(?:query|mutation|subscription)\s+(\w+)/.exec(body)?.[1] ?? `Operation${index}`,
      type: /^\s*(mutation|subscription)\b/.exec(body)?.[1] ?? 'query',
      body,
    })),
  };
}

/** Creates an API key bound to `clientName` as the admin holding `adminToken`; returns its secret. */
export async function boundApiKey(url: string, adminToken: string, clientName: string): Promise<string> {
  const created = await postGraphQL<{ createApiKey: { secret: string } }>(
    url,
    `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`,
    { token: adminToken, variables: { i: { name: `${clientName} key`, role: 'VIEWER', clientName } } },
  );
  const secret = created.body.data?.createApiKey.secret;
  if (!secret) throw new Error(`createApiKey failed: ${JSON.stringify(created.body.errors)}`);
  return secret;
}

export function publish(url: string, adminToken: string, clientName: string, manifest: ReturnType<typeof manifestOf>): Promise<GraphQLResponse<{ publishPersistedQueryManifest: { activeVersion: number } }>> {
  return postGraphQL(url, `mutation($c: String!, $m: PersistedQueryManifestInput!) { publishPersistedQueryManifest(clientName: $c, manifest: $m) { activeVersion } }`, {
    token: adminToken,
    variables: { c: clientName, m: manifest },
  });
}

/** POSTs as a partner: the operation's text, or only its hash (as Apollo Client's persisted-query link sends it). */
export async function asPartner(url: string, apiKey: string, request: { query?: string; hash?: string; variables?: Record<string, unknown> }): Promise<GraphQLResponse> {
  const body = {
    ...(request.query !== undefined ? { query: request.query } : {}),
    ...(request.variables ? { variables: request.variables } : {}),
    ...(request.hash ? { extensions: { persistedQuery: { version: 1, sha256Hash: request.hash } } } : {}),
  };
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': apiKey }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as GraphQLResponse['body'] };
}

/** Polls `check` until it holds (a running gateway picks changes up within its poll), failing after `deadlineMs`. */
export async function eventually<T>(probe: () => Promise<T>, holds: (value: T) => boolean, deadlineMs = 60_000): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const value = await probe();
    if (holds(value)) return value;
    if (Date.now() > end) throw new Error(`condition not met within ${deadlineMs} ms; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Sets a client's policy (ENFORCE, LOG or OFF) as the admin holding `adminToken`. */
export function setPolicy(url: string, adminToken: string, clientName: string, policy: 'ENFORCE' | 'LOG' | 'OFF'): Promise<GraphQLResponse<{ setPersistedQueryPolicy: { policy: string } }>> {
  return postGraphQL(url, `mutation($c: String!, $p: PersistedQueryPolicy!) { setPersistedQueryPolicy(clientName: $c, policy: $p) { policy } }`, {
    token: adminToken,
    variables: { c: clientName, p: policy },
  });
}
