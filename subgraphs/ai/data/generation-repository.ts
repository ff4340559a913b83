import { and, desc, eq, inArray } from 'drizzle-orm';
import { withTenant, type Db } from '@flowgraph/shared';
import { workflowGenerations, type GenerationRow, type NewGeneration } from './schema.js';

/** Generation records, always read within one tenant. */
export class GenerationRepository {
  constructor(private readonly db: Db) {}

  byIds(tenantId: string, ids: readonly string[]): Promise<GenerationRow[]> {
    return withTenant(this.db, tenantId, (tx) =>
      tx
        .select()
        .from(workflowGenerations)
        .where(and(eq(workflowGenerations.tenantId, tenantId), inArray(workflowGenerations.id, [...ids]))),
    );
  }

  list(tenantId: string, limit: number): Promise<GenerationRow[]> {
    return withTenant(this.db, tenantId, (tx) =>
      tx
        .select()
        .from(workflowGenerations)
        .where(eq(workflowGenerations.tenantId, tenantId))
        .orderBy(desc(workflowGenerations.createdAt), desc(workflowGenerations.id))
        .limit(limit),
    );
  }

  byRequesters(tenantId: string, userIds: readonly string[]): Promise<GenerationRow[]> {
    return withTenant(this.db, tenantId, (tx) =>
      tx
        .select()
        .from(workflowGenerations)
        .where(and(eq(workflowGenerations.tenantId, tenantId), inArray(workflowGenerations.requestedBy, [...userIds])))
        .orderBy(desc(workflowGenerations.createdAt), desc(workflowGenerations.id)),
    );
  }

  async insertIfAbsent(row: NewGeneration): Promise<void> {
    await this.db.insert(workflowGenerations).values(row).onConflictDoNothing();
  }
}
