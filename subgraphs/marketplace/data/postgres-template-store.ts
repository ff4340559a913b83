import { and, asc, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { isUuid, withTenant, type Db, type Logger } from '@flowgraph/shared';
import { templates, type TemplateRow } from './schema.js';
import { storedTemplateFields, type BrowseQuery, type TemplateRecord, type TemplateStore } from './template-store.js';

/** What the JSONB `document` column holds: the record minus what lives in real columns. */
const templateDocument = storedTemplateFields;
type TemplateDocument = z.infer<typeof templateDocument>;

const field = (name: keyof TemplateDocument): SQL<string> => sql<string>`${templates.document} ->> ${sql.raw(`'${name}'`)}`;

/** Public templates of every tenant plus the viewer's own tenant's private ones (domain/visibility.ts, in SQL). */
const visibleTo = (viewerTenantId: string): SQL | undefined => or(eq(templates.tenantId, viewerTenantId), eq(field('visibility'), 'public'));

const newestFirst = [desc(templates.createdAt), asc(templates.id)];

/** The catalog on Postgres: one JSONB document per template, filtered and indexed by expression. */
export class PostgresTemplateStore implements TemplateStore {
  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
  ) {}

  async byIds(viewerTenantId: string, ids: readonly string[]): Promise<TemplateRecord[]> {
    // The id column is a uuid: anything else could never match, and Postgres would reject the whole batch.
    const uuids = ids.filter(isUuid);
    if (uuids.length === 0) return [];
    const rows = await withTenant(this.db, viewerTenantId, (tx) =>
      tx
        .select()
        .from(templates)
        .where(and(inArray(templates.id, uuids), visibleTo(viewerTenantId))),
    );
    return this.toRecords(rows);
  }

  async browse({ viewerTenantId, category, limit }: BrowseQuery): Promise<TemplateRecord[]> {
    const rows = await withTenant(this.db, viewerTenantId, (tx) =>
      tx
        .select()
        .from(templates)
        .where(and(visibleTo(viewerTenantId), category ? eq(field('category'), category) : undefined))
        .orderBy(...newestFirst)
        .limit(limit),
    );
    return this.toRecords(rows);
  }

  async byCreators(viewerTenantId: string, creatorIds: readonly string[]): Promise<TemplateRecord[]> {
    if (creatorIds.length === 0) return [];
    const rows = await withTenant(this.db, viewerTenantId, (tx) =>
      tx
        .select()
        .from(templates)
        .where(and(eq(templates.tenantId, viewerTenantId), inArray(field('creatorId'), [...creatorIds])))
        .orderBy(...newestFirst),
    );
    return this.toRecords(rows);
  }

  async bySpecifications(viewerTenantId: string, specificationIds: readonly string[]): Promise<TemplateRecord[]> {
    if (specificationIds.length === 0) return [];
    const rows = await withTenant(this.db, viewerTenantId, (tx) =>
      tx
        .select()
        .from(templates)
        .where(and(eq(templates.tenantId, viewerTenantId), inArray(field('specificationId'), [...specificationIds])))
        .orderBy(...newestFirst),
    );
    return this.toRecords(rows);
  }

  async categories(viewerTenantId: string): Promise<string[]> {
    const category = field('category');
    const rows = await withTenant(this.db, viewerTenantId, (tx) =>
      tx.selectDistinct({ category }).from(templates).where(visibleTo(viewerTenantId)).orderBy(asc(category)),
    );
    return rows.map((row) => row.category).filter((value): value is string => typeof value === 'string' && value.length > 0);
  }

  async insert(record: TemplateRecord): Promise<void> {
    const { id, tenantId, createdAt, ...rest } = record;
    // Validate on the way in too, so a bad record fails its writer rather than every later reader.
    const document = templateDocument.parse(rest);
    await this.db.insert(templates).values({ id, tenantId, createdAt, document }).onConflictDoNothing();
  }

  async ping(): Promise<void> {
    await this.db.execute(sql`select 1`);
  }

  /**
   * A document that no longer matches the schema is left out and logged rather than failing
   * the whole page: one bad row should not take the catalog down for every tenant.
   */
  private toRecords(rows: readonly TemplateRow[]): TemplateRecord[] {
    const records: TemplateRecord[] = [];
    for (const row of rows) {
      const parsed = templateDocument.safeParse(row.document);
      if (parsed.success) records.push({ id: row.id, tenantId: row.tenantId, createdAt: row.createdAt, ...parsed.data });
      else this.logger.error({ templateId: row.id, issues: parsed.error.issues }, 'skipping template with an invalid document');
    }
    return records;
  }
}
