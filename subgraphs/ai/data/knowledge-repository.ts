import { and, eq, inArray, sql } from 'drizzle-orm';
import { withTenant, type Db } from '@flowgraph/shared';
import { knowledgeWorkflows, patternStats, type KnowledgeRow } from './schema.js';

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

/** The tenant's knowledge base of workflows, searched by Postgres full-text search. */
export class KnowledgeRepository {
  constructor(private readonly db: Db) {}

  add(row: typeof knowledgeWorkflows.$inferInsert): Promise<void> {
    return withTenant(this.db, row.tenantId, async (tx) => {
      await tx.insert(knowledgeWorkflows).values(row);
    });
  }

  /** Up to `limit * 4` candidates by text rank, for the caller to weigh by feedback. */
  search(tenantId: string, text: string, limit: number): Promise<KnowledgeMatch[]> {
    const query = anyWordQuery(text);
    if (!query) return Promise.resolve([]);
    return withTenant(this.db, tenantId, async (tx) => {
      const document = sql`to_tsvector('english', ${knowledgeWorkflows.title} || ' ' || ${knowledgeWorkflows.intent})`;
      const tsquery = sql`to_tsquery('english', ${query})`;
      const rows = await tx
        .select({ row: knowledgeWorkflows, rank: sql<number>`ts_rank_cd(${document}, ${tsquery})` })
        .from(knowledgeWorkflows)
        .where(and(eq(knowledgeWorkflows.tenantId, tenantId), sql`${document} @@ ${tsquery}`))
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
