import { randomUUID } from 'node:crypto';
import { desc, eq, sql } from 'drizzle-orm';
import { withTenant, type Db } from '@flowgraph/shared';
import { reviews, templateStats, type ReviewRow } from '../data/schema.js';
import { refuse } from '../domain/errors.js';
import type { Actor, CatalogService } from './catalog-service.js';
import type { PurchaseService } from './purchase-service.js';

export const MAX_COMMENT = 2_000;

/** One review per buyer tenant and template, editable; the template's counters follow in the same transaction. */
export class ReviewService {
  constructor(
    private readonly db: Db,
    private readonly catalog: CatalogService,
    private readonly purchases: PurchaseService,
  ) {}

  async review(actor: Actor, templateId: string, rating: number, comment: string | null | undefined): Promise<ReviewRow> {
    if (!Number.isInteger(rating) || rating < 1 || rating > 5) throw refuse('BAD_USER_INPUT', 'rating must be an integer from 1 to 5', 'rating');
    const text = comment?.trim() || null;
    if (text && text.length > MAX_COMMENT) throw refuse('BAD_USER_INPUT', `comment must be at most ${MAX_COMMENT} characters`, 'comment');
    const template = await this.catalog.detail(templateId);
    if (!template || (template.visibility === 'private' && template.tenantId !== actor.tenantId)) throw refuse('NOT_FOUND', `Template ${templateId} not found`);
    if (template.tenantId === actor.tenantId) throw refuse('FORBIDDEN', 'The publishing tenant cannot review its own template');
    if (!(await this.purchases.acquired(actor.tenantId, templateId))) throw refuse('FORBIDDEN', 'Only tenants that acquired this template may review it');
    const row = await withTenant(this.db, actor.tenantId, async (tx) => {
      // The stats row is locked first, so concurrent reviews of one template recount one after another.
      await tx.execute(sql`select 1 from ${templateStats} where ${templateStats.templateId} = ${templateId} for update`);
      const now = new Date();
      const [saved] = await tx
        .insert(reviews)
        .values({ id: randomUUID(), templateId, tenantId: actor.tenantId, userId: actor.userId, rating, comment: text, createdAt: now, updatedAt: now })
        .onConflictDoUpdate({ target: [reviews.templateId, reviews.tenantId], set: { rating, comment: text, userId: actor.userId, updatedAt: now } })
        .returning();
      // Recounted from the reviews rather than adjusted: the counters cannot drift from what is stored.
      await tx
        .update(templateStats)
        .set({
          reviewCount: sql`(select count(*) from ${reviews} where ${reviews.templateId} = ${templateId})::int`,
          ratingSum: sql`(select coalesce(sum(${reviews.rating}), 0) from ${reviews} where ${reviews.templateId} = ${templateId})::int`,
          statsVersion: sql`${templateStats.statsVersion} + 1`,
        })
        .where(eq(templateStats.templateId, templateId));
      return saved!;
    });
    await this.catalog.syncStats(templateId);
    return row;
  }

  /** Reviews are published content: any tenant that may see the template reads them (the caller checks that). */
  of(viewerTenantId: string, templateId: string, limit: number): Promise<ReviewRow[]> {
    return withTenant(this.db, viewerTenantId, (tx) => tx.select().from(reviews).where(eq(reviews.templateId, templateId)).orderBy(desc(reviews.updatedAt)).limit(limit));
  }
}
