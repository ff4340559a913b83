import { notFound, parseId, unauthenticated } from '@flowgraph/shared';
import type { Context } from '../context.js';
import type { GenerationRow } from '../data/schema.js';

const TERMINAL = new Set(['succeeded', 'failed']);

/**
 * The generation now, then after each announced change, until it ends (and a requested import was answered). Notices only wake the
 * stream; the row is read again each time, so a burst of notices costs one read, and a change
 * made between subscribing and the first read is not lost (the listener is registered first).
 */
export async function generationUpdates(id: string, ctx: Context): Promise<AsyncGenerator<{ workflowGenerationUpdated: GenerationRow }>> {
  if (ctx.auth.kind !== 'user') throw unauthenticated();
  const tenantId = ctx.auth.tenantId;
  const generationId = parseId(id);
  // Refused before the stream exists, so the client gets the error as the subscription's result.
  if (!(await ctx.generations.byId(tenantId, generationId))) throw notFound('WorkflowGeneration', id);
  return stream(tenantId, generationId, id, ctx);
}

async function* stream(tenantId: string, generationId: string, id: string, ctx: Context): AsyncGenerator<{ workflowGenerationUpdated: GenerationRow }> {
  let wake: (() => void) | undefined;
  let pending = true;
  const stop = ctx.feed.listen((notice) => {
    if (notice.tenantId !== tenantId || notice.generationId !== generationId) return;
    pending = true;
    wake?.();
  });
  try {
    let last: string | undefined;
    for (;;) {
      if (!pending) await new Promise<void>((resolve) => (wake = resolve));
      pending = false;
      const row = await ctx.generations.byId(tenantId, generationId);
      if (!row) throw notFound('WorkflowGeneration', id);
      const version = `${row.status}:${row.importStatus}:${row.updatedAt.toISOString()}`;
      if (version !== last) {
        last = version;
        yield { workflowGenerationUpdated: row };
      }
      // A requested import is still to be answered: the stream waits for it.
      if (TERMINAL.has(row.status) && row.importStatus !== 'requested') return;
    }
  } finally {
    stop();
  }
}
