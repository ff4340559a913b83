import { and, desc, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import { enqueueEvents, withTenant, type Db, type EventEnvelope } from '@flowgraph/shared';
import type { Specification } from '@flowgraph/yawl';
import { outbox, specifications, type NewSpecification, type SpecificationRow } from './schema.js';

const { model: _model, ...rowColumns } = getTableColumns(specifications);
/** Every column but the model, and whether there is one: see SpecificationRow. */
const summary = { ...rowColumns, hasModel: sql<boolean>`${specifications.model} is not null` };

/** Specification rows, always read within one tenant. */
export class SpecificationRepository {
  constructor(private readonly db: Db) {}

  byIds(tenantId: string, ids: readonly string[]): Promise<SpecificationRow[]> {
    return withTenant(this.db, tenantId, (tx) =>
      tx
        .select(summary)
        .from(specifications)
        .where(and(eq(specifications.tenantId, tenantId), inArray(specifications.id, [...ids]))),
    );
  }

  /** The id of the tenant's version `version` of the specification `identifier` (YAWL's YSpecificationID), if imported. */
  async idOfVersion(tenantId: string, identifier: string, version: string): Promise<string | undefined> {
    const [row] = await withTenant(this.db, tenantId, (tx) =>
      tx
        .select({ id: specifications.id })
        .from(specifications)
        .where(and(eq(specifications.tenantId, tenantId), eq(specifications.identifier, identifier), eq(specifications.version, version))),
    );
    return row?.id;
  }

  list(tenantId: string, limit: number): Promise<SpecificationRow[]> {
    return withTenant(this.db, tenantId, (tx) =>
      tx
        .select(summary)
        .from(specifications)
        .where(eq(specifications.tenantId, tenantId))
        .orderBy(desc(specifications.createdAt), desc(specifications.id))
        .limit(limit),
    );
  }

  byCreators(tenantId: string, creatorIds: readonly string[]): Promise<SpecificationRow[]> {
    return withTenant(this.db, tenantId, (tx) =>
      tx
        .select(summary)
        .from(specifications)
        .where(and(eq(specifications.tenantId, tenantId), inArray(specifications.createdBy, [...creatorIds])))
        .orderBy(desc(specifications.createdAt), desc(specifications.id)),
    );
  }

  /** The model cases of a specification run on; read only when the catalog's cache misses. */
  async model(tenantId: string, id: string): Promise<Specification | undefined> {
    const [row] = await withTenant(this.db, tenantId, (tx) =>
      tx
        .select({ model: specifications.model })
        .from(specifications)
        .where(and(eq(specifications.tenantId, tenantId), eq(specifications.id, id))),
    );
    return row?.model ?? undefined;
  }

  /**
   * Replaces a model made by an older parser with `model`, made again from the row's XML; a model
   * already of `model`'s form (another instance got there first) is left as it is.
   */
  async upgradeModel(tenantId: string, id: string, model: Specification & { format: number }): Promise<void> {
    await withTenant(this.db, tenantId, (tx) =>
      tx
        .update(specifications)
        .set({ model })
        .where(and(eq(specifications.tenantId, tenantId), eq(specifications.id, id), sql`coalesce((${specifications.model}->>'format')::int, 1) < ${model.format}`)),
    );
  }

  /** Runs `work` confined to `tenantId`, in one transaction. */
  transaction<T>(tenantId: string, work: (tx: SpecificationRepository) => Promise<T>): Promise<T> {
    return withTenant(this.db, tenantId, (tx) => work(new SpecificationRepository(tx)));
  }

  async insert(row: NewSpecification): Promise<SpecificationRow> {
    const [created] = await this.db.insert(specifications).values(row).returning(summary);
    return created!;
  }

  /** Writes events to the outbox: inside `transaction`, they commit or roll back with the rows. */
  enqueue(topic: string, envelopes: readonly EventEnvelope[]): Promise<void> {
    return enqueueEvents(this.db, outbox, topic, envelopes);
  }

  /** Used by seeding: the row inserted, or undefined when it was there already. */
  async insertIfAbsent(row: NewSpecification): Promise<SpecificationRow | undefined> {
    const [inserted] = await this.db.insert(specifications).values(row).onConflictDoNothing().returning(summary);
    return inserted;
  }
}
