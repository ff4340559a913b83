import { and, desc, eq, inArray } from 'drizzle-orm';
import { withTenant, type Db } from '@flowgraph/shared';
import { specifications, type NewSpecification, type SpecificationRow } from './schema.js';

/** Specification rows, always read within one tenant. */
export class SpecificationRepository {
  constructor(private readonly db: Db) {}

  byIds(tenantId: string, ids: readonly string[]): Promise<SpecificationRow[]> {
    return withTenant(this.db, tenantId, (tx) =>
      tx
        .select()
        .from(specifications)
        .where(and(eq(specifications.tenantId, tenantId), inArray(specifications.id, [...ids]))),
    );
  }

  list(tenantId: string, limit: number): Promise<SpecificationRow[]> {
    return withTenant(this.db, tenantId, (tx) =>
      tx
        .select()
        .from(specifications)
        .where(eq(specifications.tenantId, tenantId))
        .orderBy(desc(specifications.createdAt), desc(specifications.id))
        .limit(limit),
    );
  }

  byCreators(tenantId: string, creatorIds: readonly string[]): Promise<SpecificationRow[]> {
    return withTenant(this.db, tenantId, (tx) =>
      tx
        .select()
        .from(specifications)
        .where(and(eq(specifications.tenantId, tenantId), inArray(specifications.createdBy, [...creatorIds])))
        .orderBy(desc(specifications.createdAt), desc(specifications.id)),
    );
  }

  /** Runs `work` confined to `tenantId`, in one transaction. */
  transaction<T>(tenantId: string, work: (tx: SpecificationRepository) => Promise<T>): Promise<T> {
    return withTenant(this.db, tenantId, (tx) => work(new SpecificationRepository(tx)));
  }

  async insert(row: NewSpecification): Promise<SpecificationRow> {
    const [created] = await this.db.insert(specifications).values(row).returning();
    return created!;
  }

  /** Used by seeding, which runs as the owner across tenants. */
  async insertIfAbsent(row: NewSpecification): Promise<void> {
    await this.db.insert(specifications).values(row).onConflictDoNothing();
  }
}
