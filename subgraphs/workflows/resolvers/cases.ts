import { badUserInput, notFound, pageSize, parseId } from '@flowgraph/shared';
import type { Context } from '../context.js';
import type { CaseRow } from '../data/schema.js';
import { rootNet } from '../app/case-service.js';
import { xmlToJson } from '@flowgraph/yawl';
import type { CaseEventResolvers, CaseResolvers, CaseStatus, MutationResolvers, QueryResolvers } from '../generated/resolvers-types.js';
import { actorOf, caseSpecification, decodeCursor, encodeCursor, specificationOf } from './support.js';

const caseCommand = (type: 'suspendCase' | 'resumeCase' | 'cancelCase') => async (_parent: unknown, { id }: { id: string }, ctx: Context) =>
  ctx.cases.run(actorOf(ctx), { caseId: parseId(id) }, { type }, caseSpecification(ctx));

export const caseQueries: Pick<QueryResolvers, 'cases' | 'case'> = {
  cases: async (_parent, { specificationId, status, first, after }, ctx) => {
    const limit = pageSize(first, 20);
    const filter = {
      specificationId: specificationId ? parseId(specificationId, 'specificationId') : undefined,
      status: status ? status.toLowerCase() : undefined,
      after: after ? decodeCursor(after) : undefined,
      limit: limit + 1,
    };
    const rows = await ctx.readCases((store, tenantId) => store.list(tenantId, filter));
    const page = rows.slice(0, limit);
    return {
      edges: page.map((node) => ({ node, cursor: encodeCursor(node) })),
      pageInfo: { hasNextPage: rows.length > limit, endCursor: page.length ? encodeCursor(page[page.length - 1]!) : null },
    };
  },
  case: async (_parent, { id }, ctx) => {
    const row = await ctx.loaders.case.load(parseId(id));
    if (!row) throw notFound('Case', id);
    return row;
  },
};

/** `launchCase` as the mutation runs it (exported for the engine bench, which drives the same path). */
export async function launchCase(ctx: Context, specificationId: string, input: unknown, idempotencyKey?: string | null): Promise<CaseRow> {
  const spec = await specificationOf(ctx, parseId(specificationId, 'specificationId'));
  const json = input === null || input === undefined ? {} : input;
  if (typeof json !== 'object' || Array.isArray(json)) throw badUserInput('input must be an object of input parameters', 'input');
  return ctx.cases.launch(actorOf(ctx), spec, json as Record<string, unknown>, idempotencyKey);
}

export const caseMutations: Pick<MutationResolvers, 'launchCase' | 'suspendCase' | 'resumeCase' | 'cancelCase'> = {
  launchCase: (_parent, { specificationId, input, idempotencyKey }, ctx) => launchCase(ctx, specificationId, input, idempotencyKey),
  suspendCase: caseCommand('suspendCase'),
  resumeCase: caseCommand('resumeCase'),
  cancelCase: caseCommand('cancelCase'),
};

export const caseResolvers: CaseResolvers = {
  __resolveReference: (reference, ctx) => ctx.loaders.case.load(reference.id),
  specification: async (row, _args, ctx) => {
    const spec = await ctx.loaders.specification.load(row.specificationId);
    if (!spec) throw notFound('Specification', row.specificationId);
    return spec;
  },
  status: (row) => row.status.toUpperCase() as CaseStatus,
  startedBy: (row) => ({ id: row.startedBy }),
  data: async (row, _args, ctx) => {
    const { model } = await specificationOf(ctx, row.specificationId);
    const net = rootNet(model);
    const instance = row.state.netInstances[row.state.rootNetInstanceId];
    return instance ? xmlToJson([...net.inputParams, ...net.localVariables, ...net.outputParams], instance.data, model.schema) : {};
  },
  workItems: (row) =>
    Object.values(row.state.workItems)
      .filter((item) => item.kind !== 'composite')
      .sort((a, b) => a.enabledAt.localeCompare(b.enabledAt) || a.id.localeCompare(b.id))
      .map((item) => ({ item, caseRow: row })),
  history: (row, _args, ctx) => ctx.readCases((store, tenantId) => store.history(tenantId, row.id)),
};

/** A history row keeps the engine's event whole in its `event` column; the item and task are read from it. */
export const caseEventResolvers: CaseEventResolvers = {
  workItemId: (row) => row.event.workItemId ?? null,
  taskId: (row) => row.event.taskId ?? null,
};
