import { MongoClient, MongoServerError, type Collection, type Db, type Filter, type IndexDescription, type Sort } from 'mongodb';
import { z } from 'zod';
import { isUuid, type Logger } from '@flowgraph/shared';
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

export const DEFAULT_MONGODB_DATABASE = 'flowgraph_marketplace';
export const TEMPLATES_COLLECTION = 'templates';

/** One document per template: the record with its id as `_id` and `createdAt` as a BSON Date. */
const templateDocument = storedTemplateFields.extend({ _id: z.guid(), tenantId: z.guid(), createdAt: z.date() });
export type TemplateDocument = z.infer<typeof templateDocument>;

/**
 * The indexes the catalog's queries use, named so `createIndexes` is a no-op when they
 * already exist and so tests can look them up.
 */
export const CATALOG_INDEXES: readonly (IndexDescription & { name: string })[] = [
  // Own-tenant half of the visibility filter, newest first.
  { name: 'tenant_created', key: { tenantId: 1, createdAt: -1 } },
  // Public half of the visibility filter, with and without a category, newest first.
  { name: 'visibility_category_created', key: { visibility: 1, category: 1, createdAt: -1 } },
  { name: 'tenant_creator', key: { tenantId: 1, creatorId: 1 } },
  { name: 'tenant_specification', key: { tenantId: 1, specificationId: 1 } },
  // The other sorts of the public catalog (text search has no index on FerretDB: it scans the visible set).
  { name: 'visibility_downloads', key: { visibility: 1, status: 1, downloads: -1, _id: 1 } },
  { name: 'visibility_rating', key: { visibility: 1, status: 1, averageRating: -1, _id: 1 } },
  { name: 'visibility_price', key: { visibility: 1, status: 1, priceCents: 1, _id: 1 } },
];

/**
 * Postgres stores ids in uuid columns, which compare case-insensitively and read back in
 * lower case; Mongo compares strings exactly, so ids are normalised the same way here.
 */
const normalise = (id: string): string => id.toLowerCase();

/** Own tenant's templates, and every tenant's public published ones (domain/visibility.ts, as a filter). Older documents have no status: published. */
const visibleTo = (viewerTenantId: string): Filter<TemplateDocument> => ({
  $or: [{ tenantId: normalise(viewerTenantId) }, { visibility: 'public', status: { $ne: 'unpublished' } }],
});

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function filterDocument(filter: CatalogFilter): Filter<TemplateDocument>[] {
  const conditions: Filter<TemplateDocument>[] = [];
  if (filter.category) conditions.push({ category: filter.category });
  if (filter.tags?.length) conditions.push({ tags: { $all: [...filter.tags] } });
  if (filter.text) {
    const pattern = escapeRegex(filter.text);
    conditions.push({ $or: [{ name: { $regex: pattern, $options: 'i' } }, { description: { $regex: pattern, $options: 'i' } }] });
  }
  if (filter.freeOnly) conditions.push({ priceCents: 0 });
  if (filter.minPriceCents !== undefined) conditions.push({ priceCents: { $gte: filter.minPriceCents } });
  if (filter.maxPriceCents !== undefined) conditions.push({ priceCents: { $lte: filter.maxPriceCents } });
  if (filter.creatorId) conditions.push({ creatorId: filter.creatorId });
  return conditions;
}

const SORT_FIELD: Readonly<Record<CatalogSort, 'createdAt' | 'downloads' | 'averageRating' | 'priceCents'>> = {
  newest: 'createdAt',
  downloads: 'downloads',
  rating: 'averageRating',
  price_asc: 'priceCents',
  price_desc: 'priceCents',
};

// Same order as the Postgres store: newest first, then id ascending so equal timestamps page stably.
export const NEWEST_FIRST: Sort = { createdAt: -1, _id: 1 };

/** The catalog page's filter and sort; exported so tests can explain exactly the query `search` runs. */
export function searchQuery({ viewerTenantId, filter, sort, after }: Omit<CatalogQuery, 'limit'>): { filter: Filter<TemplateDocument>; sort: Sort } {
  const key = SORT_FIELD[sort];
  const direction = DESCENDING[sort] ? -1 : 1;
  const conditions = [visibleTo(viewerTenantId), ...filterDocument(filter)];
  if (after) {
    const value = sort === 'newest' ? new Date(after.value) : after.value;
    conditions.push({ $or: [{ [key]: { [direction === -1 ? '$lt' : '$gt']: value } }, { [key]: value, _id: { $gt: normalise(after.id) } }] });
  }
  return { filter: conditions.length === 1 ? conditions[0]! : { $and: conditions }, sort: { [key]: direction, _id: 1 } };
}

const DUPLICATE_KEY = 11000;

/** The catalog on MongoDB (or a wire-compatible server such as FerretDB). */
export class MongoTemplateStore implements TemplateStore {
  private readonly collection: Collection<TemplateDocument>;
  private readonly db: Db;

  /** Takes ownership of `client`: `close()` closes it. */
  constructor(
    private readonly client: MongoClient,
    private readonly logger: Logger,
    databaseName: string = DEFAULT_MONGODB_DATABASE,
  ) {
    this.db = client.db(databaseName);
    this.collection = this.db.collection<TemplateDocument>(TEMPLATES_COLLECTION);
  }

  /** Connects and makes sure the catalog's indexes exist, so a store from here is ready to serve. */
  static async connect(url: string, options: { logger: Logger; databaseName?: string | undefined }): Promise<MongoTemplateStore> {
    // Fail readiness checks and startup within seconds rather than the driver's 30 s default.
    const client = new MongoClient(url, { serverSelectionTimeoutMS: 5_000 });
    try {
      await client.connect();
      const store = new MongoTemplateStore(client, options.logger, options.databaseName ?? DEFAULT_MONGODB_DATABASE);
      await store.ensureIndexes();
      return store;
    } catch (error) {
      await client.close();
      throw error;
    }
  }

  /** Idempotent: indexes that already exist under the same name and key are left alone. */
  async ensureIndexes(): Promise<void> {
    // One index per command: FerretDB 1.24 panics (and drops the connection) on a createIndexes
    // naming several indexes that already exist. One at a time is idempotent on both servers.
    for (const { key, ...options } of CATALOG_INDEXES) await this.collection.createIndex(key, options);
  }

  async byIds(viewerTenantId: string, ids: readonly string[]): Promise<TemplateRecord[]> {
    // Like the Postgres store: non-UUIDs can never be template ids, so they are not even asked for.
    const uuids = ids.filter(isUuid).map(normalise);
    if (uuids.length === 0) return [];
    return this.find({ $and: [{ _id: { $in: uuids } }, visibleTo(viewerTenantId)] });
  }

  async get(id: string): Promise<TemplateRecord | null> {
    if (!isUuid(id)) return null;
    return (await this.find({ _id: normalise(id) }))[0] ?? null;
  }

  async search(query: CatalogQuery): Promise<TemplateRecord[]> {
    // Mongo reads a limit of 0 as "no limit"; SQL's LIMIT 0 returns nothing, and so does this.
    if (query.limit < 1) return [];
    const { filter, sort } = searchQuery(query);
    return this.toRecords(await this.collection.find(filter).sort(sort).limit(query.limit).toArray());
  }

  async byCreators(viewerTenantId: string, creatorIds: readonly string[]): Promise<TemplateRecord[]> {
    if (creatorIds.length === 0) return [];
    return this.find({ tenantId: normalise(viewerTenantId), creatorId: { $in: [...creatorIds] } });
  }

  async bySpecifications(viewerTenantId: string, specificationIds: readonly string[]): Promise<TemplateRecord[]> {
    if (specificationIds.length === 0) return [];
    return this.find({ tenantId: normalise(viewerTenantId), specificationId: { $in: [...specificationIds] } });
  }

  async categories(viewerTenantId: string): Promise<string[]> {
    const values: unknown[] = await this.collection.distinct('category', visibleTo(viewerTenantId));
    // `distinct` promises no order, and a corrupt document could hold anything: keep non-empty strings,
    // sorted by code unit like Postgres' C collation (PGlite's default).
    return values.filter((value): value is string => typeof value === 'string' && value.length > 0).sort();
  }

  async insert(template: NewTemplate): Promise<void> {
    const { id, ...rest } = completeTemplate(template);
    // Validate on the way in too, so a bad record fails its writer rather than every later reader.
    const document = templateDocument.parse({ ...rest, _id: normalise(id), tenantId: normalise(rest.tenantId) });
    try {
      // insertOne rather than an upsert with $setOnInsert: FerretDB 1.x drops null-valued fields
      // (specificationId: null) from $setOnInsert, and the document would then fail validation.
      await this.collection.insertOne(document);
    } catch (error) {
      // The unique _id index refuses a second insert: the existing template stays exactly as it was.
      if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) return;
      throw error;
    }
  }

  async update(id: string, tenantId: string, patch: TemplatePatch): Promise<TemplateRecord | null> {
    if (!isUuid(id)) return null;
    const filter = { _id: normalise(id), tenantId: normalise(tenantId) };
    // updateOne then find rather than findOneAndUpdate: the same two commands on MongoDB and FerretDB.
    const result = await this.collection.updateOne(filter, { $set: templatePatchFields.parse(patch) });
    if (result.matchedCount === 0) return null;
    return (await this.find(filter))[0] ?? null;
  }

  async setStats(id: string, stats: TemplateStats): Promise<void> {
    await this.collection.updateOne({ _id: normalise(id), $or: [{ statsVersion: { $lt: stats.statsVersion } }, { statsVersion: { $exists: false } }] }, { $set: { ...stats } });
  }

  async ping(): Promise<void> {
    await this.db.command({ ping: 1 });
  }

  /** Drops the whole catalog database: for scratch databases of benches and tests only. */
  async dropDatabase(): Promise<void> {
    await this.db.dropDatabase();
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  private async find(filter: Filter<TemplateDocument>, limit?: number): Promise<TemplateRecord[]> {
    const cursor = this.collection.find(filter).sort(NEWEST_FIRST);
    if (limit !== undefined) cursor.limit(limit);
    return this.toRecords(await cursor.toArray());
  }

  /**
   * Documents are typed by the collection but not checked by the server: each one is
   * validated, and one that no longer matches is left out and logged rather than failing
   * the whole page, as the Postgres store does.
   */
  private toRecords(documents: readonly unknown[]): TemplateRecord[] {
    const records: TemplateRecord[] = [];
    for (const document of documents) {
      const parsed = templateDocument.safeParse(document);
      if (parsed.success) {
        const { _id, updatedAt, ...fields } = parsed.data;
        records.push({ id: _id, ...fields, updatedAt: updatedAt ?? fields.createdAt });
      } else {
        const templateId = typeof document === 'object' && document !== null && '_id' in document ? String(document._id) : undefined;
        this.logger.error({ templateId, issues: parsed.error.issues }, 'skipping template with an invalid document');
      }
    }
    return records;
  }
}
