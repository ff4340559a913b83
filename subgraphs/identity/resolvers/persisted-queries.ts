import { badUserInput, notFound, unauthenticated } from '@flowgraph/shared';
import type { Context } from '../context.js';
import { publishActiveList } from '../data/persisted-operation-cache.js';
import { clientNameViolation, previousVersion, validateManifest, type PersistedQueryPolicy } from '../domain/persisted-query-manifest.js';
import type { MutationResolvers, PersistedQueryClientResolvers, PersistedQueryPolicy as GraphQLPolicy, QueryResolvers } from '../generated/resolvers-types.js';

function caller(ctx: Context): { userId: string; tenantId: string } {
  if (ctx.auth.kind !== 'user') throw unauthenticated();
  return ctx.auth;
}

function clientName(name: string): string {
  const violation = clientNameViolation(name);
  if (violation) throw badUserInput(violation.message, violation.field);
  return name;
}

/** The client as it now stands, after its list was pushed to every gateway. */
async function announced(ctx: Context, tenantId: string, name: string) {
  await publishActiveList(ctx.cache, ctx.repo.persistedQueries, tenantId, name);
  const row = await ctx.repo.persistedQueries.client(tenantId, name);
  if (!row) throw notFound('PersistedQueryClient', name);
  return row;
}

export const persistedQueryQueries: Pick<QueryResolvers, 'persistedQueryClients'> = {
  persistedQueryClients: (_parent, _args, ctx) => ctx.repo.persistedQueries.clientsOfTenant(caller(ctx).tenantId),
};

export const persistedQueryMutations: Pick<
  MutationResolvers,
  'publishPersistedQueryManifest' | 'activatePersistedQueryManifest' | 'rollbackPersistedQueryManifest' | 'setPersistedQueryPolicy'
> = {
  publishPersistedQueryManifest: async (_parent, args, ctx) => {
    const { tenantId, userId } = caller(ctx);
    const name = clientName(args.clientName);
    const checked = validateManifest(args.manifest);
    if ('message' in checked) throw badUserInput(checked.message, checked.field);
    await ctx.repo.persistedQueries.publish(tenantId, name, checked.operations, userId, args.activate);
    return announced(ctx, tenantId, name);
  },
  activatePersistedQueryManifest: async (_parent, args, ctx) => {
    const { tenantId } = caller(ctx);
    const name = clientName(args.clientName);
    if (!(await ctx.repo.persistedQueries.activate(tenantId, name, args.version))) throw notFound('PersistedQueryManifest', `${name}@${args.version}`);
    return announced(ctx, tenantId, name);
  },
  rollbackPersistedQueryManifest: async (_parent, args, ctx) => {
    const { tenantId } = caller(ctx);
    const name = clientName(args.clientName);
    const client = await ctx.repo.persistedQueries.client(tenantId, name);
    const versions = await ctx.repo.persistedQueries.versions(tenantId, name);
    const target = previousVersion(client?.activeVersion ?? null, versions.map((v) => v.version));
    if (target === undefined) throw notFound('PersistedQueryManifest', `${name} before version ${client?.activeVersion ?? 'none'}`);
    await ctx.repo.persistedQueries.activate(tenantId, name, target);
    return announced(ctx, tenantId, name);
  },
  setPersistedQueryPolicy: async (_parent, args, ctx) => {
    const { tenantId } = caller(ctx);
    const name = clientName(args.clientName);
    await ctx.repo.persistedQueries.setPolicy(tenantId, name, args.policy.toLowerCase() as PersistedQueryPolicy);
    return announced(ctx, tenantId, name);
  },
};

export const persistedQueryClientResolvers: PersistedQueryClientResolvers = {
  name: (client) => client.clientName,
  policy: (client) => client.policy.toUpperCase() as GraphQLPolicy,
  versions: (client, _args, ctx) => ctx.repo.persistedQueries.versions(client.tenantId, client.clientName),
  unlistedOperations: (client, _args, ctx) => ctx.repo.persistedQueries.unlisted(client.tenantId, client.clientName),
};
