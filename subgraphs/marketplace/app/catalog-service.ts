import { randomUUID } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import { withTenant, type Db } from '@flowgraph/shared';
import type { WorkflowSummary } from '@flowgraph/yawl';
import { templateStats, templateVersions } from '../data/schema.js';
import { MAX_SEARCH_TEXT, sortValue, type CatalogFilter, type CatalogPosition, type CatalogSort, type TemplateRecord, type TemplateStore, type TemplateVisibility } from '../data/template-store.js';
import { refuse } from '../domain/errors.js';
import { checkSnapshot, type SnapshotPolicy } from '../domain/snapshot.js';
import { checkCategory, checkCurrency, checkDescription, checkName, checkPrice, checkTags } from '../domain/template-input.js';
import { isVisibleTo } from '../domain/visibility.js';
import type { CatalogCache } from './catalog-cache.js';
import type { TemplateAnnouncements } from './template-announcements.js';

export interface Actor {
  tenantId: string;
  userId: string;
}

export interface PublishInput {
  specificationId: string;
  specificationXml: string;
  name: string;
  description: string;
  category: string;
  tags: readonly string[];
  priceCents: number;
  currency: string;
  visibility: TemplateVisibility;
}

export type UpdateInput = Partial<Pick<PublishInput, 'name' | 'description' | 'category' | 'tags' | 'priceCents' | 'currency' | 'visibility'>>;

export interface CatalogPage {
  records: TemplateRecord[];
  hasNextPage: boolean;
  sort: CatalogSort;
}

/** Publishing, editing and browsing the catalog; the XML snapshots and counters live in Postgres beside it. */
export class CatalogService {
  constructor(
    private readonly db: Db,
    readonly store: TemplateStore,
    readonly cache: CatalogCache,
    private readonly snapshotPolicy: SnapshotPolicy = {},
    /** Publishes, updates and unpublishes, told to other subgraphs (unset: told nobody, for tests of the catalog alone). */
    private readonly announcements?: TemplateAnnouncements,
  ) {}

  /** The template whatever its visibility (services check access), through the cache. */
  detail(id: string): Promise<TemplateRecord | null> {
    return this.cache.detail(id, () => this.store.get(id));
  }

  /** The template when the viewer may see it in the catalog. */
  async visible(viewerTenantId: string, id: string): Promise<TemplateRecord | null> {
    const record = await this.detail(id);
    return record && isVisibleTo(record, viewerTenantId) ? record : null;
  }

  async page(viewerTenantId: string, filter: CatalogFilter, sort: CatalogSort, limit: number, after?: CatalogPosition): Promise<CatalogPage> {
    if (filter.text !== undefined && filter.text.length > MAX_SEARCH_TEXT) throw refuse('BAD_USER_INPUT', `search must be at most ${MAX_SEARCH_TEXT} characters`, 'search');
    if (filter.tags && filter.tags.length > 10) throw refuse('BAD_USER_INPUT', 'at most 10 tags', 'tags');
    const query = { viewerTenantId, filter: { ...filter, text: filter.text?.trim() || undefined }, sort, limit: limit + 1, after };
    const records = await this.cache.page(query, () => this.store.search(query));
    return { records: records.slice(0, limit), hasNextPage: records.length > limit, sort };
  }

  async publish(actor: Actor, input: PublishInput): Promise<TemplateRecord> {
    const summary = await this.checked(input.specificationXml);
    const now = new Date();
    const id = randomUUID();
    const record = {
      id,
      tenantId: actor.tenantId,
      creatorId: actor.userId,
      specificationId: input.specificationId,
      name: checkName(input.name),
      description: checkDescription(input.description),
      category: checkCategory(input.category),
      tags: checkTags(input.tags),
      priceCents: checkPrice(input.priceCents),
      currency: checkCurrency(input.currency),
      visibility: input.visibility,
      createdAt: now,
      updatedAt: now,
    };
    // Snapshot and counters first: a template the catalog lists always has both.
    await withTenant(this.db, actor.tenantId, async (tx) => {
      await tx.insert(templateVersions).values({ templateId: id, version: 1, tenantId: actor.tenantId, specificationId: input.specificationId, xml: input.specificationXml, free: record.priceCents === 0, createdAt: now });
      await tx.insert(templateStats).values({ templateId: id });
    });
    await this.store.insert(record);
    await this.cache.invalidate(id, [record.category]);
    const stored = await this.store.get(id);
    if (!stored) throw new Error(`template ${id} was not stored`);
    await this.announcements?.announce('published', stored, summary);
    return stored;
  }

  async update(actor: Actor, id: string, input: UpdateInput): Promise<TemplateRecord> {
    const current = await this.owned(actor, id);
    const updated = await this.store.update(id, actor.tenantId, {
      ...(input.name != null ? { name: checkName(input.name) } : {}),
      ...(input.description != null ? { description: checkDescription(input.description) } : {}),
      ...(input.category != null ? { category: checkCategory(input.category) } : {}),
      ...(input.tags != null ? { tags: checkTags(input.tags) } : {}),
      ...(input.priceCents != null ? { priceCents: checkPrice(input.priceCents) } : {}),
      ...(input.currency != null ? { currency: checkCurrency(input.currency) } : {}),
      ...(input.visibility != null ? { visibility: input.visibility } : {}),
      updatedAt: new Date(),
    });
    // The snapshots' `free` flag follows the price, so row-level security lets everyone read a free template's XML.
    if (updated && input.priceCents != null && (updated.priceCents === 0) !== (current.priceCents === 0)) {
      await withTenant(this.db, actor.tenantId, (tx) => tx.update(templateVersions).set({ free: updated.priceCents === 0 }).where(eq(templateVersions.templateId, id)));
    }
    const reranks = input.priceCents != null || input.category != null || input.visibility != null;
    const changed = await this.changed(current, updated, reranks ? 'ranking' : 'content');
    if (this.announcements) await this.announcements.announce('updated', changed, await this.announcements.latestSummary(changed));
    return changed;
  }

  async unpublish(actor: Actor, id: string): Promise<TemplateRecord> {
    const current = await this.owned(actor, id);
    const changed = await this.changed(current, await this.store.update(id, actor.tenantId, { status: 'unpublished', updatedAt: new Date() }));
    await this.announcements?.announce('unpublished', changed);
    return changed;
  }

  /** A new snapshot; versions are numbered under a row lock so two concurrent uploads get 2 and 3, not 2 twice. */
  async publishVersion(actor: Actor, id: string, input: { specificationId: string; specificationXml: string }): Promise<TemplateRecord> {
    const current = await this.owned(actor, id);
    const summary = await this.checked(input.specificationXml);
    const version = await withTenant(this.db, actor.tenantId, async (tx) => {
      await tx.execute(sql`select 1 from ${templateStats} where ${templateStats.templateId} = ${id} for update`);
      const [latest] = await tx.select({ version: templateVersions.version }).from(templateVersions).where(eq(templateVersions.templateId, id)).orderBy(desc(templateVersions.version)).limit(1);
      const next = (latest?.version ?? 0) + 1;
      await tx.insert(templateVersions).values({ templateId: id, version: next, tenantId: actor.tenantId, specificationId: input.specificationId, xml: input.specificationXml, free: current.priceCents === 0 });
      return next;
    });
    const changed = await this.changed(current, await this.store.update(id, actor.tenantId, { version, specificationId: input.specificationId, updatedAt: new Date() }), 'content');
    await this.announcements?.announce('updated', changed, summary);
    return changed;
  }

  /** As the reader's tenant: row-level security lets it read only snapshots it is entitled to (migration 0004). */
  async snapshot(readerTenantId: string, templateId: string, version: number): Promise<string | null> {
    const [row] = await withTenant(this.db, readerTenantId, (tx) =>
      tx
        .select({ xml: templateVersions.xml })
        .from(templateVersions)
        .where(and(eq(templateVersions.templateId, templateId), eq(templateVersions.version, version))),
    );
    return row?.xml ?? null;
  }

  /**
   * Copies the Postgres counters into the catalog and drops what showed the old ones. Safe to repeat, in any order.
   * The counters are public figures of a template, no tenant's rows (no policy in migration 0004): read as the
   * owner, since the webhook route calls this after settling as well as tenant requests do.
   */
  async syncStats(templateId: string): Promise<void> {
    const [stats] = await this.db.select().from(templateStats).where(eq(templateStats.templateId, templateId));
    if (!stats) return;
    await this.store.setStats(templateId, {
      downloads: stats.downloads,
      reviewCount: stats.reviewCount,
      averageRating: stats.reviewCount === 0 ? 0 : Math.round((stats.ratingSum / stats.reviewCount) * 100) / 100,
      statsVersion: stats.statsVersion,
    });
    const record = await this.store.get(templateId);
    await this.cache.invalidate(templateId, record ? [record.category] : []);
  }

  position(record: TemplateRecord, sort: CatalogSort): CatalogPosition {
    return { value: sortValue(record, sort), id: record.id };
  }

  /** Refused exactly as workflows' import would refuse it, with the same issue codes. */
  private async checked(xml: string): Promise<WorkflowSummary> {
    const snapshot = await checkSnapshot(xml, this.snapshotPolicy);
    if (!snapshot.ok) throw refuse('BAD_USER_INPUT', snapshot.message, 'specificationXml', { issues: snapshot.issues });
    return snapshot.summary;
  }

  private async owned(actor: Actor, id: string): Promise<TemplateRecord> {
    const current = await this.store.get(id);
    if (!current || !isVisibleTo(current, actor.tenantId)) throw refuse('NOT_FOUND', `Template ${id} not found`);
    if (current.tenantId !== actor.tenantId) throw refuse('FORBIDDEN', 'Only the publishing tenant may change a template');
    return current;
  }

  private async changed(before: TemplateRecord, after: TemplateRecord | null, scope: 'content' | 'ranking' = 'ranking'): Promise<TemplateRecord> {
    if (!after) throw refuse('NOT_FOUND', `Template ${before.id} not found`);
    await this.cache.invalidate(after.id, [before.category, after.category], scope);
    return after;
  }
}
