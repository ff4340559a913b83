import { MongoClient, MongoServerError, type Collection, type Db, type Filter, type IndexDescription, type Sort } from 'mongodb';
import { z } from 'zod';
import { isUuid, type Logger } from '@flowgraph/shared';
import { storedTemplateFields, type BrowseQuery, type TemplateRecord, type TemplateStore } from './template-store.js';

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
];

/**
 * Postgres stores ids in uuid columns, which compare case-insensitively and read back in
 * lower case; Mongo compares strings exactly, so ids are normalised the same way here.
 */
const normalise = (id: string): string => id.toLowerCase();

/** Public templates of every tenant plus the viewer's own tenant's private ones (domain/visibility.ts, as a filter). */
const visibleTo = (viewerTenantId: string): Filter<TemplateDocument> => ({
  $or: [{ tenantId: normalise(viewerTenantId) }, { visibility: 'public' }],
});

// Same order as the Postgres store: newest first, then id ascending so equal timestamps page stably.
export const NEWEST_FIRST: Sort = { createdAt: -1, _id: 1 };

/** The catalog page's filter; exported so tests can explain exactly the query `browse` runs. */
export function browseFilter({ viewerTenantId, category }: Omit<BrowseQuery, 'limit'>): Filter<TemplateDocument> {
  return category ? { $and: [visibleTo(viewerTenantId), { category }] } : visibleTo(viewerTenantId);
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

  async browse({ viewerTenantId, category, limit }: BrowseQuery): Promise<TemplateRecord[]> {
    // Mongo reads a limit of 0 as "no limit"; SQL's LIMIT 0 returns nothing, and so does this.
    if (limit < 1) return [];
    return this.find(browseFilter({ viewerTenantId, category }), limit);
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

  async insert(record: TemplateRecord): Promise<void> {
    const { id, ...rest } = record;
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

  async ping(): Promise<void> {
    await this.db.command({ ping: 1 });
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
        const { _id, ...fields } = parsed.data;
        records.push({ id: _id, ...fields });
      } else {
        const templateId = typeof document === 'object' && document !== null && '_id' in document ? String(document._id) : undefined;
        this.logger.error({ templateId, issues: parsed.error.issues }, 'skipping template with an invalid document');
      }
    }
    return records;
  }
}
