/**
 * The platform's subgraphs, listed once. Everything that enumerates them is generated from this list
 * (`npm run platform:generate`: supergraph.yaml, the Dockerfile's stages, the Compose services, the
 * Kubernetes manifests, the root workspaces) or typed by it (the launcher's and the tests' module
 * factories, codegen's mappers), and `test/platform.test.ts` checks each folder against its entry.
 * Adding a subgraph means adding an entry here and its folder.
 *
 * Pure data: no imports, so a script or a test reads it without loading any subgraph.
 */

/** Backing services a subgraph needs beyond Postgres, Redis and Kafka, which every subgraph has. */
export type ExtraBackingService = 'mongo' | 'stripe-mock';

export interface PlatformSubgraph {
  /** Its name in the supergraph, the SubgraphModule's name, its Postgres schema, and its service name in Compose and Kubernetes. */
  readonly name: string;
  /** Its default port (the module's defaultPort); `npm start` gives it the gateway's port plus (port - GATEWAY.port). */
  readonly port: number;
  /** The npm workspace's package name. */
  readonly package: string;
  /** The workspace folder, relative to the repository root: schema.graphql, server.ts, package.json. */
  readonly folder: string;
  /** What it owns, one line, for the manifests' comments. */
  readonly summary: string;
  /**
   * Holds the token-signing keys and serves the JWKS the others verify with: Kubernetes gives it the
   * identity-keys Secret and Compose a volume for the development key, and the others start after it.
   */
  readonly issuesTokens?: true;
  readonly needs?: readonly ExtraBackingService[];
  /** Fixed container environment, in Compose and Kubernetes alike. */
  readonly env?: Readonly<Record<string, string>>;
}

/** Identity first: the others fetch its signing keys when they start verifying tokens. */
export const SUBGRAPHS = [
  {
    name: 'identity',
    port: 4001,
    package: '@flowgraph/identity',
    folder: 'subgraphs/identity',
    summary: 'Tenant, User, login and RS256 access tokens; serves /.well-known/jwks.json',
    issuesTokens: true,
  },
  { name: 'workflows', port: 4002, package: '@flowgraph/workflows', folder: 'subgraphs/workflows', summary: 'Specifications, cases and work items (the YAWL engine)' },
  {
    name: 'marketplace',
    port: 4003,
    package: '@flowgraph/marketplace',
    folder: 'subgraphs/marketplace',
    summary: 'The template catalog (Postgres JSONB, or MongoDB when MONGODB_URL is set)',
    needs: ['mongo', 'stripe-mock'],
    env: { MONGODB_DATABASE: 'flowgraph_marketplace' },
  },
  { name: 'ai', port: 4004, package: '@flowgraph/ai', folder: 'subgraphs/ai', summary: 'Workflow generations' },
  { name: 'analytics', port: 4005, package: '@flowgraph/analytics', folder: 'subgraphs/analytics', summary: 'Specification and tenant metrics, from workflow case events on Kafka' },
] as const satisfies readonly PlatformSubgraph[];

export type SubgraphName = (typeof SUBGRAPHS)[number]['name'];

export const SUBGRAPH_NAMES: readonly SubgraphName[] = SUBGRAPHS.map((subgraph) => subgraph.name);

/** The gateway, which every client talks to; the subgraphs' ports follow it. */
export const GATEWAY = { name: 'gateway', port: 4000, package: '@flowgraph/gateway', folder: 'gateway', entry: 'gateway/src/server.ts' } as const;

export function platformSubgraph(name: SubgraphName): PlatformSubgraph {
  const found: PlatformSubgraph | undefined = SUBGRAPHS.find((subgraph) => subgraph.name === name);
  if (!found) throw new Error(`unknown subgraph ${name}`);
  return found;
}

/** The file a subgraph's process runs. */
export const subgraphEntry = (subgraph: PlatformSubgraph): string => `${subgraph.folder}/server.ts`;

/** The gateway's variable overriding a subgraph's routing URL (SUBGRAPH_<NAME>_URL). */
export const subgraphUrlVariable = (subgraph: PlatformSubgraph): string => `SUBGRAPH_${subgraph.name.toUpperCase()}_URL`;
