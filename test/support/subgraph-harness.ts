import type { IncomingMessage } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import {
  MemoryCache,
  MemoryEventBus,
  createLogger,
  openDatabase,
  type AuthContext,
  type AuthenticatedContext,
  type BuiltSubgraph,
  type Database,
  type EventBus,
  type Principal,
  type QueryObserver,
  type Role,
  type SubgraphDeps,
  type SubgraphModule,
} from '@flowgraph/shared';
import type { FormattedExecutionResult } from 'graphql';

export interface Harness<TContext extends AuthenticatedContext> {
  deps: SubgraphDeps;
  built: BuiltSubgraph<TContext>;
  /** Runs an operation against the guarded schema as `auth`, the way a request would after token verification. */
  /** `request` stands for the HTTP request, e.g. its socket's address (identity throttles logins by it). */
  run<TData = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, auth?: AuthContext, request?: IncomingMessage): Promise<FormattedExecutionResult<TData>>;
  close(): Promise<void>;
}

export function principal(userId: string, tenantId: string, role: Role = 'user'): Principal {
  return { kind: 'user', userId, tenantId, roles: [role], tokenId: `test-${userId}`, expiresAt: new Date(Date.now() + 60_000) };
}

/** One subgraph on an in-memory PGlite, migrated and (optionally) seeded. */
export async function startHarness<TContext extends AuthenticatedContext>(
  module: SubgraphModule<TContext>,
  options: { seed?: boolean; onQuery?: QueryObserver; database?: Database; events?: EventBus } = {},
): Promise<Harness<TContext>> {
  const database = options.database ?? (await openDatabase({ onQuery: options.onQuery }));
  const deps: SubgraphDeps = {
    database,
    cache: new MemoryCache(),
    // A bus given is shared with other harnesses (subgraphs talking through events): its giver closes it.
    events: options.events ?? new MemoryEventBus(),
    verifyToken: () => Promise.reject(new Error('tokens are not used by the harness')),
    logger: createLogger(module.name, 'silent'),
    production: false,
  };
  await database.migrate(module.name, module.migrationsFolder);
  const built = await module.build(deps);
  if (options.seed !== false) await built.seedDemoData();
  const apollo = new ApolloServer<TContext>({ schema: built.schema, plugins: [ApolloServerPluginInlineTraceDisabled()] });
  await apollo.start();
  return {
    deps,
    built,
    async run<TData>(query: string, variables?: Record<string, unknown>, auth: AuthContext = { kind: 'anonymous' }, request?: IncomingMessage) {
      const response = await apollo.executeOperation<TData>({ query, variables }, { contextValue: built.createContext(auth, request) });
      if (response.body.kind !== 'single') throw new Error('expected a single result');
      return response.body.singleResult;
    },
    async close() {
      await apollo.stop();
      await built.close?.();
      await database.close();
      if (!options.events) await deps.events.close();
    },
  };
}
