/**
 * `npm run pq:publish -- --client <name> <manifest.json> [--no-activate]`: publishes a partner
 * client's persisted query manifest (as @apollo/generate-persisted-query-manifest writes it) through
 * the gateway, as the next version of the client's list, and activates it unless told not to.
 * FLOWGRAPH_URL (default http://localhost:4000/graphql) and an admin's FLOWGRAPH_TOKEN, or
 * FLOWGRAPH_EMAIL and FLOWGRAPH_PASSWORD to sign in.
 */
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const clientAt = args.indexOf('--client');
const clientName = clientAt >= 0 ? args[clientAt + 1] : undefined;
const file = args.find((arg, index) => !arg.startsWith('--') && index !== clientAt + 1);
if (!clientName || !file) {
  console.error('usage: npm run pq:publish -- --client <name> <manifest.json> [--no-activate]');
  process.exit(2);
}
const url = process.env.FLOWGRAPH_URL ?? 'http://localhost:4000/graphql';

async function graphql<T>(query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  if (body.errors?.length || !body.data) throw new Error(body.errors?.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('\n') ?? `HTTP ${response.status}`);
  return body.data;
}

async function adminToken(): Promise<string> {
  if (process.env.FLOWGRAPH_TOKEN) return process.env.FLOWGRAPH_TOKEN;
  const { FLOWGRAPH_EMAIL: email, FLOWGRAPH_PASSWORD: password } = process.env;
  if (!email || !password) throw new Error('set FLOWGRAPH_TOKEN, or FLOWGRAPH_EMAIL and FLOWGRAPH_PASSWORD, of an admin');
  const data = await graphql<{ login: { accessToken: string } }>(`mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { email, password } });
  return data.login.accessToken;
}

const manifest = JSON.parse(readFileSync(file, 'utf8')) as { format: string; version: number; operations: { id: string; name: string; type: string; body: string }[] };
const published = await graphql<{ publishPersistedQueryManifest: { name: string; activeVersion: number | null; policy: string } }>(
  `mutation Publish($client: String!, $manifest: PersistedQueryManifestInput!, $activate: Boolean!) {
    publishPersistedQueryManifest(clientName: $client, manifest: $manifest, activate: $activate) { name activeVersion policy }
  }`,
  {
    client: clientName,
    // Only the fields of the format: generators may add others.
    manifest: { format: manifest.format, version: manifest.version, operations: manifest.operations.map(({ id, name, type, body }) => ({ id, name, type, body })) },
    activate: !args.includes('--no-activate'),
  },
  await adminToken(),
).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
const result = published.publishPersistedQueryManifest;
console.log(`Published ${manifest.operations.length} operation(s) for ${result.name}: active version ${result.activeVersion ?? 'none'}, policy ${result.policy}`);
