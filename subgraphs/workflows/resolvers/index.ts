import { DateTimeScalar, JSONScalar, notFound, pageSize, parseId } from '@flowgraph/shared';
import { exportSpecificationSet } from '@flowgraph/yawl';
import type { Resolvers } from '../generated/resolvers-types.js';
import { caseEventResolvers, caseMutations, caseQueries, caseResolvers } from './cases.js';
import { withDomainErrors } from './domain-errors.js';
import { caseEventNotificationResolvers, subscriptionResolvers } from './subscriptions.js';
import { actorOf } from './support.js';
import { workQueueChangeResolvers, workQueueSubscription } from './work-queue-subscription.js';
import { userWorkQueue, workItemMutations, workItemQueries, workItemResolvers } from './work-items.js';

/** Every resolver answers the services' typed refusals with their GraphQL code (domain-errors.ts). */
export const resolvers: Resolvers = withDomainErrors<Resolvers>({
  DateTime: DateTimeScalar,
  JSON: JSONScalar,
  Query: {
    specifications: (_parent, { first }, ctx) => (ctx.auth.kind === 'user' ? ctx.specifications.list(ctx.auth.tenantId, pageSize(first)) : []),
    specification: async (_parent, { id }, ctx) => {
      const row = await ctx.loaders.specification.load(parseId(id));
      if (!row) throw notFound('Specification', id);
      return row;
    },
    ...caseQueries,
    ...workItemQueries,
  },
  Mutation: {
    importSpecification: async (_parent, { xml }, ctx) => {
      const actor = actorOf(ctx);
      const { rows, warnings } = await ctx.catalog.importSet(actor.tenantId, actor.userId, xml);
      return { specifications: rows, warnings };
    },
    ...caseMutations,
    ...workItemMutations,
  },
  Specification: {
    __resolveReference: (reference, ctx) => ctx.loaders.specification.load(reference.id),
    createdBy: (spec) => ({ id: spec.createdBy }),
    runnable: (spec) => spec.hasModel,
    xml: async (spec, _args, ctx) => {
      const model = await ctx.catalog.model(spec);
      return model ? exportSpecificationSet({ schemaVersion: '4.0', specifications: [model] }) : null;
    },
  },
  Subscription: { ...subscriptionResolvers, ...workQueueSubscription },
  CaseEventNotification: caseEventNotificationResolvers,
  WorkQueueChange: workQueueChangeResolvers,
  Case: caseResolvers,
  CaseEvent: caseEventResolvers,
  WorkItem: workItemResolvers,
  User: {
    specifications: (user, _args, ctx) => ctx.loaders.specificationsByCreator.load(user.id),
    ...userWorkQueue,
  },
});
