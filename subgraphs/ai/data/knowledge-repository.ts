import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { withTenant, type Db } from '@flowgraph/shared';
import { knowledgeWorkflows, patternStats, type KnowledgeRow, type KnowledgeSource } from './schema.js';

export interface KnowledgeMatch {
  row: KnowledgeRow;
  /** Full-text rank of the intent against the workflow's title and intent. */
  rank: number;
  /** How the workflow's patterns fared: per pattern (positive, negative). */
  patternStats: Record<string, { positive: number; negative: number }>;
}

/** Words of a text as a tsquery that matches any of them; only letters reach SQL. */
export function anyWordQuery(text: string): string | undefined {
  const words = [...new Set(text.toLowerCase().match(/[a-z]{3,}/g) ?? [])].slice(0, 40);
  return words.length ? words.join(' | ') : undefined;
}

/** A workflow another subgraph told of: a tenant's specification or a marketplace template. */
export interface ExternalEntry {
  tenantId: string;
  source: Exclude<KnowledgeSource, 'generated'>;
  sourceId: string;
  revision: number;
  title: string;
  intent: string;
  taskNames: readonly string[];
  patterns: string[];
  visibility: 'tenant' | 'everyone';
  withdrawn: boolean;
}

/** The tenant's knowledge base of workflows, searched by Postgres full-text search. */
export class KnowledgeRepository {
  constructor(private readonly db: Db) {}

  /** A successful generation of the tenant's, visible to it alone. */
  addGenerated(row: { tenantId: string; generationId: string; title: string; intent: string; patterns: string[] }): Promise<void> {
    return withTenant(this.db, row.tenantId, async (tx) => {
      await tx
        .insert(knowledgeWorkflows)
        .values({ ...row, source: 'generated', sourceId: row.generationId })
        .onConflictDoNothing({ target: [knowledgeWorkflows.tenantId, knowledgeWorkflows.source, knowledgeWorkflows.sourceId] });
    });
  }

  /**
   * The state another subgraph announced of one of its workflows, unless a newer (or the same)
   * revision is already here: redelivered and out-of-order events leave the newest state standing.
   * A withdrawn workflow stays as a tombstone with its revision, searched by nobody.
   */
  applyExternal(entry: ExternalEntry): Promise<boolean> {
    const { tenantId, source, sourceId, revision } = entry;
    const values = {
      tenantId,
      source,
      sourceId,
      revision,
      title: entry.title,
      intent: entry.intent,
      tasks: entry.taskNames.join(' '),
      patterns: entry.patterns,
      visibility: entry.visibility,
      withdrawn: entry.withdrawn,
    };
    return withTenant(this.db, tenantId, async (tx) => {
      const written = await tx
        .insert(knowledgeWorkflows)
        .values(values)
        .onConflictDoUpdate({
          target: [knowledgeWorkflows.tenantId, knowledgeWorkflows.source, knowledgeWorkflows.sourceId],
          set: { title: values.title, intent: values.intent, tasks: values.tasks, patterns: values.patterns, visibility: values.visibility, withdrawn: values.withdrawn, revision },
          setWhere: sql`${knowledgeWorkflows.revision} < ${revision}`,
        })
        .returning({ id: knowledgeWorkflows.id });
      return written.length > 0;
    });
  }

  /** Up to `limit * 4` candidates by text rank, for the caller to weigh by feedback. */
  search(tenantId: string, text: string, limit: number): Promise<KnowledgeMatch[]> {
    const query = anyWordQuery(text);
    if (!query) return Promise.resolve([]);
    return withTenant(this.db, tenantId, async (tx) => {
      // The expression of knowledge_search_idx, so the index serves it.
      const document = sql`to_tsvector('english', ${knowledgeWorkflows.title} || ' ' || ${knowledgeWorkflows.intent} || ' ' || ${knowledgeWorkflows.tasks})`;
      const tsquery = sql`to_tsquery('english', ${query})`;
      const rows = await tx
        .select({ row: knowledgeWorkflows, rank: sql<number>`ts_rank_cd(${document}, ${tsquery})` })
        .from(knowledgeWorkflows)
        .where(
          and(
            // The tenant's own workflows and what every tenant may see (published public templates).
            or(eq(knowledgeWorkflows.tenantId, tenantId), eq(knowledgeWorkflows.visibility, 'everyone')),
            eq(knowledgeWorkflows.withdrawn, false),
            sql`${document} @@ ${tsquery}`,
          ),
        )
        .orderBy(sql`ts_rank_cd(${document}, ${tsquery}) desc`, knowledgeWorkflows.createdAt)
        .limit(limit * 4);
      const patterns = [...new Set(rows.flatMap((r) => r.row.patterns))];
      const stats = patterns.length
        ? await tx.select().from(patternStats).where(and(eq(patternStats.tenantId, tenantId), inArray(patternStats.pattern, patterns)))
        : [];
      const byPattern = Object.fromEntries(stats.map((s) => [s.pattern, { positive: s.positive, negative: s.negative }]));
      return rows.map((r) => ({ row: r.row, rank: r.rank, patternStats: byPattern }));
    });
  }

  /** Counts one piece of feedback on the workflow a generation added, and on each of its patterns. */
  recordOutcome(tenantId: string, generationId: string, positive: boolean): Promise<void> {
    return withTenant(this.db, tenantId, async (tx) => {
      const [good, bad] = positive ? [1, 0] : [0, 1];
      const updated = await tx
        .update(knowledgeWorkflows)
        .set({ positive: sql`${knowledgeWorkflows.positive} + ${good}`, negative: sql`${knowledgeWorkflows.negative} + ${bad}` })
        .where(and(eq(knowledgeWorkflows.tenantId, tenantId), eq(knowledgeWorkflows.generationId, generationId)))
        .returning({ patterns: knowledgeWorkflows.patterns });
      for (const pattern of new Set(updated.flatMap((row) => row.patterns))) {
        await tx
          .insert(patternStats)
          .values({ tenantId, pattern, positive: good, negative: bad })
          .onConflictDoUpdate({ target: [patternStats.tenantId, patternStats.pattern], set: { positive: sql`${patternStats.positive} + ${good}`, negative: sql`${patternStats.negative} + ${bad}` } });
      }
    });
  }
}
