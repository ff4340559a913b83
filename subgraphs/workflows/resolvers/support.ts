import { badUserInput, notFound, unauthenticated } from '@flowgraph/shared';
import { GraphQLError } from 'graphql';
import type { Context } from '../context.js';
import type { Actor } from '../app/case-service.js';
import type { CaseRow } from '../data/schema.js';
import type { WorkItemModel } from '../mappers.js';
import type { Specification, Task, TaskDecomposition, WorkItem } from '@flowgraph/yawl';

export function actorOf(ctx: Context): Actor {
  if (ctx.auth.kind !== 'user') throw unauthenticated();
  return { tenantId: ctx.auth.tenantId, userId: ctx.auth.userId };
}

/** The model a case runs on: the version it was launched with, whatever was uploaded since. */
export async function specificationOf(ctx: Context, specificationId: string): Promise<{ id: string; model: Specification }> {
  const row = await ctx.loaders.specification.load(specificationId);
  if (!row) throw notFound('Specification', specificationId);
  const model = await ctx.catalog.model(row);
  if (!model) throw new GraphQLError(`Specification ${row.name} ${row.version} has no YAWL model to run`, { extensions: { code: 'BAD_USER_INPUT', field: 'specificationId' } });
  return { id: row.id, model };
}

export const caseSpecification = (ctx: Context) => (row: CaseRow) => specificationOf(ctx, row.specificationId);

/** The task a work item is of, in the net instance it runs in. */
export function taskOf(spec: Specification, caseRow: CaseRow, item: WorkItem): Task | undefined {
  const netId = caseRow.state.netInstances[item.netInstanceId]?.netId;
  const net = netId ? spec.decompositions[netId] : undefined;
  const element = net?.kind === 'net' ? net.elements[item.taskId] : undefined;
  return element?.kind === 'task' ? element : undefined;
}

/** The task decomposition a work item runs, to convert its data by the declared parameters. */
export function decompositionOf(spec: Specification, caseRow: CaseRow, item: WorkItem): TaskDecomposition | undefined {
  const task = taskOf(spec, caseRow, item);
  const decomposition = task?.decomposesTo ? spec.decompositions[task.decomposesTo] : undefined;
  return decomposition?.kind === 'task' ? decomposition : undefined;
}

export function itemOf(caseRow: CaseRow, workItemId: string): WorkItem {
  const item = caseRow.state.workItems[workItemId];
  if (!item) throw notFound('WorkItem', workItemId);
  return item;
}

export function encodeCursor(row: CaseRow): string {
  return Buffer.from(JSON.stringify([row.startedAt.toISOString(), row.id])).toString('base64url');
}

export function decodeCursor(cursor: string): { startedAt: Date; id: string } {
  try {
    const [startedAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const date = new Date(startedAt);
    if (typeof id !== 'string' || Number.isNaN(date.getTime())) throw new Error('bad cursor');
    return { startedAt: date, id };
  } catch {
    throw badUserInput('after is not a cursor returned by this API', 'after');
  }
}

/**
 * A work item as the graph shows it. A composite task's item is the engine's bookkeeping for the
 * subnet it runs (YAWL has no work item for it), so the graph has none: null, as for an unknown id.
 */
export function visibleItem(caseRow: CaseRow, workItemId: string): WorkItemModel | null {
  const item = caseRow.state.workItems[workItemId];
  return item && item.kind !== 'composite' ? { item, caseRow } : null;
}

