import { and, asc, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { isUuid, withTenant, type Db, type Logger } from '@flowgraph/shared';
import { templates, type TemplateRow } from './schema.js';
import {
  DESCENDING,
  completeTemplate,
  storedTemplateFields,
  templatePatchFields,
  type CatalogFilter,
  type CatalogQuery,
  type CatalogSort,
  type NewTemplate,
  type TemplatePatch,
  type TemplateRecord,
  type TemplateStats,
  type TemplateStore,
} from './template-store.js';

/** What the JSONB `document` column holds: the record minus what lives in real columns. */
const templateDocument = storedTemplateFields;
type TemplateDocument = z.infer<typeof templateDocument>;

const field = (name: keyof TemplateDocument): SQL<string> => sql<string>`${templates.document} ->> ${sql.raw(`'${name}'`)}`;
const numeric = (name: keyof TemplateDocument): SQL<number> => sql<number>`coalesce((${field(name)})::numeric, 0)`;

/** Own tenant's templates, and every tenant's public published ones (domain/visibility.ts, in SQL). */
const visibleTo = (viewerTenantId: string): SQL | undefined =>
  or(eq(templates.tenantId, viewerTenantId), and(eq(field('visibility'), 'public'), sql`coalesce(${field('status')}, 'published') = 'published'`));

const newestFirst = [desc(templates.createdAt), asc(templates.id)];

/** `%`, `_` and the escape itself are literal in what a user searches for. */
const likePattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function filterSql(filter: CatalogFilter): SQL[] {
  const conditions: SQL[] = [];
  if (filter.category) conditions.push(sql`${field('category')} = ${filter.category}`);
  if (filter.tags?.length) conditions.push(sql`${templates.document} -> 'tags' @> ${JSON.stringify(filter.tags)}::jsonb`);
  if (filter.text) {
    const pattern = likePattern(filter.text);
    conditions.push(sql`(${field('name')} ilike ${pattern} or ${field('description')} ilike ${pattern})`);
  }
  if (filter.freeOnly) conditions.push(sql`${numeric('priceCents')} = 0`);
  if (filter.minPriceCents !== undefined) conditions.push(sql`${numeric('priceCents')} >= ${filter.minPriceCents}`);
  if (filter.maxPriceCents !== undefined) conditions.push(sql`${numeric('priceCents')} <= ${filter.maxPriceCents}`);
  if (filter.creatorId) conditions.push(sql`${field('creatorId')} = ${filter.creatorId}`);
  return conditions;
}

function sortKey(sort: CatalogSort): SQL {
  switch (sort) {
    case 'newest':
      return sql`${templates.createdAt}`;
    case 'downloads':
      return numeric('downloads');
    case 'rating':
      return numeric('averageRating');
    case 'price_asc':
    case 'price_desc':
      return numeric('priceCents');
  }
}

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

  async get(id: string): Promise<TemplateRecord | null> {
    if (!isUuid(id)) return null;
    const rows = await this.db.select().from(templates).where(eq(templates.id, id.toLowerCase()));
    return this.toRecords(rows)[0] ?? null;
  }

  async search({ viewerTenantId, filter, sort, limit, after }: CatalogQuery): Promise<TemplateRecord[]> {
    if (limit < 1) return [];
    const key = sortKey(sort);
    const descending = DESCENDING[sort];
    const conditions = [visibleTo(viewerTenantId), ...filterSql(filter)];
    if (after) {
      const value = sort === 'newest' ? sql`${new Date(after.value).toISOString()}::timestamptz` : sql`${after.value}::numeric`;
      conditions.push(sql`(${key} ${sql.raw(descending ? '<' : '>')} ${value} or (${key} = ${value} and ${templates.id} > ${after.id}::uuid))`);
    }
    const rows = await withTenant(this.db, viewerTenantId, (tx) =>
      tx
        .select()
        .from(templates)
        .where(and(...conditions))
        .orderBy(descending ? desc(key) : asc(key), asc(templates.id))
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

  async insert(template: NewTemplate): Promise<void> {
    const { id, tenantId, createdAt, ...rest } = completeTemplate(template);
    // Validate on the way in too, so a bad record fails its writer rather than every later reader.
    const document = templateDocument.parse(rest);
    await this.db.insert(templates).values({ id, tenantId, createdAt, document }).onConflictDoNothing();
  }

  async update(id: string, tenantId: string, patch: TemplatePatch): Promise<TemplateRecord | null> {
    if (!isUuid(id)) return null;
    const changes = JSON.stringify(templatePatchFields.parse(patch));
    const rows = await withTenant(this.db, tenantId, (tx) =>
      tx
        .update(templates)
        .set({ document: sql`${templates.document} || ${changes}::jsonb` })
        .where(and(eq(templates.id, id.toLowerCase()), eq(templates.tenantId, tenantId)))
        .returning(),
    );
    return this.toRecords(rows)[0] ?? null;
  }

  async setStats(id: string, stats: TemplateStats): Promise<void> {
    await this.db
      .update(templates)
      .set({ document: sql`${templates.document} || ${JSON.stringify(stats)}::jsonb` })
      .where(and(eq(templates.id, id), sql`${numeric('statsVersion')} < ${stats.statsVersion}`));
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
      if (parsed.success) {
        const { updatedAt, ...fields } = parsed.data;
        records.push({ id: row.id, tenantId: row.tenantId, createdAt: row.createdAt, ...fields, updatedAt: updatedAt ?? row.createdAt });
      } else this.logger.error({ templateId: row.id, issues: parsed.error.issues }, 'skipping template with an invalid document');
    }
    return records;
  }
}
