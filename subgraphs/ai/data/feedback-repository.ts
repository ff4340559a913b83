import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import { withTenant, type Db } from '@flowgraph/shared';
import { workflowFeedback, workflowGenerations, type FeedbackRow } from './schema.js';

export type FeedbackActionValue = FeedbackRow['action'];

export class FeedbackRepository {
  constructor(private readonly db: Db) {}

  insert(row: typeof workflowFeedback.$inferInsert): Promise<FeedbackRow> {
    return withTenant(this.db, row.tenantId, async (tx) => (await tx.insert(workflowFeedback).values(row).returning())[0]!);
  }

  byGenerations(tenantId: string, generationIds: readonly string[]): Promise<FeedbackRow[]> {
    return withTenant(this.db, tenantId, (tx) =>
      tx
        .select()
        .from(workflowFeedback)
        .where(and(eq(workflowFeedback.tenantId, tenantId), inArray(workflowFeedback.generationId, [...generationIds])))
        .orderBy(desc(workflowFeedback.createdAt), desc(workflowFeedback.id)),
    );
  }

  /**
   * Records the implicit DEPLOYED of the generation whose import is `specificationId`, once: the
   * first case launched counts, later ones add nothing. Resolves to the generation id when recorded.
   */
  implicitDeployment(tenantId: string, specificationId: string, at: Date): Promise<string | undefined> {
    return withTenant(this.db, tenantId, async (tx) => {
      const [generation] = await tx
        .select({ id: workflowGenerations.id })
        .from(workflowGenerations)
        .where(and(eq(workflowGenerations.tenantId, tenantId), eq(workflowGenerations.specificationId, specificationId)))
        .for('update');
      if (!generation) return undefined;
      const [already] = await tx
        .select({ id: workflowFeedback.id })
        .from(workflowFeedback)
        .where(and(eq(workflowFeedback.tenantId, tenantId), eq(workflowFeedback.generationId, generation.id), isNull(workflowFeedback.givenBy), eq(workflowFeedback.action, 'deployed')));
      if (already) return undefined;
      await tx.insert(workflowFeedback).values({ tenantId, generationId: generation.id, action: 'deployed', givenBy: null, createdAt: at });
      return generation.id;
    });
  }
}
