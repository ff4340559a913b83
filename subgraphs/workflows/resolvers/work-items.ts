import { badUserInput, notFound, parseId, unauthenticated } from '@flowgraph/shared';
import { GraphQLError } from 'graphql';
import type { Context } from '../context.js';
import type { CommandBuilder, CommandInput } from '../app/case-service.js';
import type { CaseRow } from '../data/schema.js';
import { workItemAccess, type Caller, type WorkItemAction } from '../domain/work-item-access.js';
import { jsonToXml, xmlToJson, type Specification, type WorkItem } from '@flowgraph/yawl';
import type { MutationResolvers, QueryResolvers, Role, UserResolvers, WorkItemKind, WorkItemResolvers, WorkItemStatus } from '../generated/resolvers-types.js';
import type { WorkItemModel } from '../mappers.js';
import { actorOf, caseSpecification, decompositionOf, itemOf, specificationOf, taskOf, visibleItem } from './support.js';

function callerOf(ctx: Context): Caller {
  if (ctx.auth.kind !== 'user') throw unauthenticated();
  return { userId: ctx.auth.userId, roles: ctx.auth.roles };
}

/**
 * Runs `command` on the item as the caller, if the access rule lets them `action` it. The rule is
 * checked inside the command's transaction, on the very case row the command then runs on and
 * writes back under its version guard: checked before, a claim committed in between could let a
 * second person act on the item. A refusal throws from the builder, which rolls back with
 * nothing written (no version bump, no event, no outbox row).
 */
async function actOnItem(ctx: Context, workItemId: string, action: WorkItemAction, command: CommandInput | CommandBuilder): Promise<WorkItemModel> {
  const caller = callerOf(ctx);
  const checked: CommandBuilder = (caseRow, model) => {
    const item = itemOf(caseRow, workItemId);
    // The graph shows no item for a composite task (see visibleItem), so there is none to act on.
    if (!visibleItem(caseRow, workItemId)) throw notFound('WorkItem', workItemId);
    const skipGrant = action === 'skip' ? taskOf(model, caseRow, item)?.resourcing?.privileges?.canSkip : undefined;
    const decision = workItemAccess(action, { ...item, skipGrant }, caller);
    if (!decision.allowed) throw new GraphQLError(decision.reason, { extensions: { code: 'FORBIDDEN', action, workItemId } });
    return typeof command === 'function' ? command(caseRow, model) : command;
  };
  const caseRow = await ctx.cases.run(actorOf(ctx), { workItemId }, checked, caseSpecification(ctx));
  return { item: itemOf(caseRow, workItemId), caseRow };
}

const simple =
  (type: 'suspendItem' | 'resumeItem' | 'skipItem' | 'cancelItem', action: WorkItemAction) =>
  (_parent: unknown, { id }: { id: string }, ctx: Context) =>
    actOnItem(ctx, id, action, { type, workItemId: id });

/**
 * Output JSON to the task's output document, refused field by field when it breaks the declared
 * types. No output at all is checked as an empty one, so leaving `output` out cannot skip the
 * task's mandatory output parameters; undefined when the task declares none.
 */
function outputXml(model: Specification, caseRow: CaseRow, workItemId: string, output: Record<string, unknown> | undefined): string | undefined {
  const decomposition = decompositionOf(model, caseRow, itemOf(caseRow, workItemId));
  if (output === undefined && (!decomposition || decomposition.outputParams.length === 0)) return undefined;
  if (!decomposition) throw badUserInput('this task takes no output', 'output');
  const xml = jsonToXml(decomposition.id, decomposition.outputParams, output ?? {}, model.schema);
  if (!xml.ok) {
    throw new GraphQLError(`Output is invalid: ${xml.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`, { extensions: { code: 'BAD_USER_INPUT', fields: xml.errors } });
  }
  return xml.xml;
}

/** `startWorkItem` as the mutation runs it (exported for the engine bench, which drives the same path). */
export function startItem(ctx: Context, workItemId: string): Promise<WorkItemModel> {
  return actOnItem(ctx, workItemId, 'start', { type: 'startItem', workItemId, participant: callerOf(ctx).userId });
}

/**
 * `completeWorkItem` as the mutation runs it. The output is converted inside the command's
 * transaction, against the case and model the command runs on, so completing costs no reads
 * beyond the command's own.
 */
export function completeItem(ctx: Context, workItemId: string, output: unknown): Promise<WorkItemModel> {
  if (output !== null && output !== undefined && (typeof output !== 'object' || Array.isArray(output))) throw badUserInput('output must be an object of output parameters', 'output');
  const fields = (output ?? undefined) as Record<string, unknown> | undefined;
  return actOnItem(ctx, workItemId, 'complete', (caseRow, model) => {
    const xml = outputXml(model, caseRow, workItemId, fields);
    return xml === undefined ? { type: 'completeItem', workItemId } : { type: 'completeItem', workItemId, output: xml };
  });
}

/** The distribution set `offerWorkItem` names, refused before anything is read when it cannot reach anyone who may act. */
function offerOf(roles: readonly Role[] | null | undefined, participantIds: readonly string[] | null | undefined): { roles: string[]; participants: string[] } {
  // Queues match offers against token roles, which are lower case.
  const offerRoles = [...new Set((roles ?? []).map((role) => role.toLowerCase()))];
  if (offerRoles.includes('viewer')) throw badUserInput('viewers cannot act on work items: offer to ADMIN or USER', 'roles');
  const participants = [...new Set((participantIds ?? []).map((id) => parseId(id, 'participantIds')))];
  if (offerRoles.length + participants.length === 0) throw badUserInput('offer the item to at least one role or participant', 'roles');
  return { roles: offerRoles, participants };
}

const KINDS: Record<Exclude<WorkItem['kind'], 'composite'>, WorkItemKind> = { atomic: 'ATOMIC', multiple: 'MULTI_INSTANCE_PARENT', instance: 'MULTI_INSTANCE_CHILD' };

function kindOf(item: WorkItem): WorkItemKind {
  // visibleItem keeps composite items out of the graph; one here would be a bug, not a client's error.
  if (item.kind === 'composite') throw new Error(`work item ${item.id} is a composite task's, which the graph does not show`);
  return KINDS[item.kind];
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
    const model = caseRow ? visibleItem(caseRow, row.id) : null;
    if (model) models.push(model);
  }
  return models;
}

export const workItemMutations: Pick<
  MutationResolvers,
  'offerWorkItem' | 'allocateWorkItem' | 'startWorkItem' | 'completeWorkItem' | 'suspendWorkItem' | 'resumeWorkItem' | 'skipWorkItem' | 'cancelWorkItem'
> = {
  offerWorkItem: (_parent, { id, roles, participantIds }, ctx) => {
    const offer = offerOf(roles, participantIds);
    return actOnItem(ctx, id, 'offer', { type: 'offerItem', workItemId: id, roles: offer.roles, participants: offer.participants });
  },
  allocateWorkItem: (_parent, { id }, ctx) => actOnItem(ctx, id, 'allocate', { type: 'allocateItem', workItemId: id, participant: callerOf(ctx).userId }),
  startWorkItem: (_parent, { id }, ctx) => startItem(ctx, id),
  completeWorkItem: (_parent, { id, output }, ctx) => completeItem(ctx, id, output),
  suspendWorkItem: simple('suspendItem', 'suspend'),
  resumeWorkItem: simple('resumeItem', 'resume'),
  skipWorkItem: simple('skipItem', 'skip'),
  cancelWorkItem: simple('cancelItem', 'cancel'),
};

export const workItemResolvers: WorkItemResolvers = {
  __resolveReference: async (reference, ctx) => {
    const row = await ctx.readCases((store, tenantId) => store.workItem(tenantId, reference.id));
    const caseRow = row ? await ctx.loaders.case.load(row.caseId) : null;
    return caseRow ? visibleItem(caseRow, reference.id) : null;
  },
  id: ({ item }) => item.id,
  case: ({ caseRow }) => caseRow,
  taskId: ({ item }) => item.taskId,
  kind: ({ item }) => kindOf(item),
  // Parent and instances live in the same case state as the item: no read beyond the case's own.
  parent: ({ item, caseRow }) => (item.parentId ? visibleItem(caseRow, item.parentId) : null),
  children: ({ item, caseRow }) => (item.instanceIds ?? []).flatMap((id) => visibleItem(caseRow, id) ?? []),
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
