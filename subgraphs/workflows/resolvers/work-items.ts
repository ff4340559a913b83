import { badUserInput } from '@flowgraph/shared';
import { GraphQLError } from 'graphql';
import type { Context } from '../context.js';
import type { CommandBuilder, CommandInput } from '../data/case-service.js';
import type { CaseRow } from '../data/schema.js';
import { jsonToXml, xmlToJson, type Specification } from '../domain/yawl/index.js';
import type { MutationResolvers, QueryResolvers, UserResolvers, WorkItemResolvers, WorkItemStatus } from '../generated/resolvers-types.js';
import type { WorkItemModel } from '../mappers.js';
import { actorOf, caseSpecification, decompositionOf, itemOf, specificationOf } from './support.js';

async function runOnItem(ctx: Context, workItemId: string, command: CommandInput | CommandBuilder): Promise<WorkItemModel> {
  const caseRow = await ctx.cases.run(actorOf(ctx), { workItemId }, command, caseSpecification(ctx));
  return { item: itemOf(caseRow, workItemId), caseRow };
}

const simple =
  (type: 'suspendItem' | 'resumeItem' | 'skipItem' | 'cancelItem') =>
  (_parent: unknown, { id }: { id: string }, ctx: Context) =>
    runOnItem(ctx, id, { type, workItemId: id });

/** Output JSON to the task's output document, refused field by field when it breaks the declared types. */
function outputXml(model: Specification, caseRow: CaseRow, workItemId: string, output: Record<string, unknown>): string {
  const decomposition = decompositionOf(model, caseRow, itemOf(caseRow, workItemId));
  if (!decomposition) throw badUserInput('this task takes no output', 'output');
  const xml = jsonToXml(decomposition.id, decomposition.outputParams, output, model.schema);
  if (!xml.ok) {
    throw new GraphQLError(`Output is invalid: ${xml.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`, { extensions: { code: 'BAD_USER_INPUT', fields: xml.errors } });
  }
  return xml.xml;
}

/** `startWorkItem` as the mutation runs it (exported for the engine bench, which drives the same path). */
export function startItem(ctx: Context, workItemId: string): Promise<WorkItemModel> {
  return runOnItem(ctx, workItemId, { type: 'startItem', workItemId, participant: actorOf(ctx).userId });
}

/**
 * `completeWorkItem` as the mutation runs it. The output is converted inside the command's
 * transaction, against the case and model the command runs on, so completing costs no reads
 * beyond the command's own.
 */
export function completeItem(ctx: Context, workItemId: string, output: unknown): Promise<WorkItemModel> {
  if (output === null || output === undefined) return runOnItem(ctx, workItemId, { type: 'completeItem', workItemId });
  if (typeof output !== 'object' || Array.isArray(output)) throw badUserInput('output must be an object of output parameters', 'output');
  const fields = output as Record<string, unknown>;
  return runOnItem(ctx, workItemId, (caseRow, model) => ({ type: 'completeItem', workItemId, output: outputXml(model, caseRow, workItemId, fields) }));
}

export const workItemQueries: Pick<QueryResolvers, 'workQueue'> = {
  workQueue: (_parent, _args, ctx) => myQueue(ctx),
};

async function myQueue(ctx: Context): Promise<WorkItemModel[]> {
  if (ctx.auth.kind !== 'user') return [];
  const { userId, roles } = ctx.auth;
  const rows = await ctx.readCases((store, tenantId) => store.queue(tenantId, userId, roles));
  const models: WorkItemModel[] = [];
  for (const row of rows) {
    const caseRow = await ctx.loaders.case.load(row.caseId);
    const item = caseRow?.state.workItems[row.id];
    if (caseRow && item) models.push({ item, caseRow });
  }
  return models;
}

export const workItemMutations: Pick<
  MutationResolvers,
  'allocateWorkItem' | 'startWorkItem' | 'completeWorkItem' | 'suspendWorkItem' | 'resumeWorkItem' | 'skipWorkItem' | 'cancelWorkItem'
> = {
  allocateWorkItem: (_parent, { id }, ctx) => runOnItem(ctx, id, { type: 'allocateItem', workItemId: id, participant: actorOf(ctx).userId }),
  startWorkItem: (_parent, { id }, ctx) => startItem(ctx, id),
  completeWorkItem: (_parent, { id, output }, ctx) => completeItem(ctx, id, output),
  suspendWorkItem: simple('suspendItem'),
  resumeWorkItem: simple('resumeItem'),
  skipWorkItem: simple('skipItem'),
  cancelWorkItem: simple('cancelItem'),
};

export const workItemResolvers: WorkItemResolvers = {
  __resolveReference: async (reference, ctx) => {
    const row = await ctx.readCases((store, tenantId) => store.workItem(tenantId, reference.id));
    const caseRow = row ? await ctx.loaders.case.load(row.caseId) : null;
    const item = caseRow?.state.workItems[reference.id];
    return caseRow && item ? { item, caseRow } : null;
  },
  id: ({ item }) => item.id,
  case: ({ caseRow }) => caseRow,
  taskId: ({ item }) => item.taskId,
  taskName: async ({ item, caseRow }, _args, ctx) => {
    const { model } = await specificationOf(ctx, caseRow.specificationId);
    const net = model.decompositions[caseRow.state.netInstances[item.netInstanceId]?.netId ?? ''];
    const task = net?.kind === 'net' ? net.elements[item.taskId] : undefined;
    return task?.kind === 'task' ? (task.name ?? null) : null;
  },
  status: ({ item }) => item.status.toUpperCase() as WorkItemStatus,
  enabledAt: ({ item }) => new Date(item.enabledAt),
  assignee: ({ item }) => {
    const id = item.startedBy ?? item.allocatedTo;
    return id ? { id } : null;
  },
  input: async ({ item, caseRow }, _args, ctx) => {
    if (!item.inputData) return null;
    const { model } = await specificationOf(ctx, caseRow.specificationId);
    const decomposition = decompositionOf(model, caseRow, item);
    return decomposition ? xmlToJson(decomposition.inputParams, item.inputData, model.schema) : null;
  },
};

export const userWorkQueue: Pick<UserResolvers, 'workQueue'> = {
  // Only the caller's own queue: another user's reads as empty rather than leaking their work.
  workQueue: (user, _args, ctx) => (ctx.auth.kind === 'user' && ctx.auth.userId === user.id ? myQueue(ctx) : []),
};
