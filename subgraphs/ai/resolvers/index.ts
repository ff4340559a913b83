import { DateTimeScalar, notFound, pageSize, parseId, unauthenticated } from '@flowgraph/shared';
import type { FeedbackAction, GenerationStatus, ImportStatus, KnowledgeSourceKind, Resolvers } from '../generated/resolvers-types.js';
import { asGraphQLError } from './errors.js';
import { generationUpdates } from './generation-subscription.js';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    workflowGenerations: (_parent, { first }, ctx) => (ctx.auth.kind === 'user' ? ctx.generations.list(ctx.auth.tenantId, pageSize(first)) : []),
    workflowGeneration: async (_parent, { id }, ctx) => {
      const row = await ctx.loaders.generation.load(parseId(id));
      if (!row) throw notFound('WorkflowGeneration', id);
      return row;
    },
  },
  Mutation: {
    generateWorkflow: async (_parent, { input }, ctx) => {
      if (ctx.auth.kind !== 'user') throw unauthenticated();
      const hints = input.hints ? { ...(input.hints.name != null ? { name: input.hints.name } : {}), ...(input.hints.defaultRole != null ? { defaultRole: input.hints.defaultRole } : {}) } : {};
      try {
        return await ctx.service.start({ tenantId: ctx.auth.tenantId, userId: ctx.auth.userId }, { intent: input.intent, hints });
      } catch (error) {
        throw asGraphQLError(error);
      }
    },
    importGeneratedWorkflow: async (_parent, { id }, ctx) => {
      if (ctx.auth.kind !== 'user') throw unauthenticated();
      try {
        return await ctx.imports.request({ tenantId: ctx.auth.tenantId, userId: ctx.auth.userId }, parseId(id));
      } catch (error) {
        throw asGraphQLError(error);
      }
    },
    workflowFeedback: async (_parent, { generationId, action, comment }, ctx) => {
      if (ctx.auth.kind !== 'user') throw unauthenticated();
      try {
        return await ctx.feedback.give({ tenantId: ctx.auth.tenantId, userId: ctx.auth.userId }, parseId(generationId, 'generationId'), action.toLowerCase() as 'deployed' | 'edited' | 'rejected', comment);
      } catch (error) {
        throw asGraphQLError(error);
      }
    },
  },
  Subscription: {
    workflowGenerationUpdated: {
      subscribe: (_parent, { id }, ctx) => generationUpdates(id, ctx),
    },
  },
  WorkflowGeneration: {
    __resolveReference: (reference, ctx) => ctx.loaders.generation.load(reference.id),
    status: (row) => row.status.toUpperCase() as GenerationStatus,
    requestedBy: (row) => ({ id: row.requestedBy }),
    specification: (row) => (row.specificationId ? { id: row.specificationId } : null),
    rounds: (row) => row.rounds.map((issues, index) => ({ round: index + 1, issues })),
    importStatus: (row) => (row.importStatus === 'none' ? 'NOT_REQUESTED' : row.importStatus.toUpperCase()) as ImportStatus,
    feedback: (row, _args, ctx) => ctx.loaders.feedbackByGeneration.load(row.id),
  },
  SimilarWorkflow: {
    kind: (similar) => similar.source as KnowledgeSourceKind,
  },
  WorkflowFeedback: {
    action: (row) => row.action.toUpperCase() as FeedbackAction,
    implicit: (row) => row.givenBy === null,
    givenBy: (row) => (row.givenBy ? { id: row.givenBy } : null),
  },
  User: {
    workflowGenerations: (user, _args, ctx) => ctx.loaders.generationsByRequester.load(user.id),
  },
};
