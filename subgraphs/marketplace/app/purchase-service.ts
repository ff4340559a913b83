import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { PaymentError, createEnvelope, enqueueEvents, isUniqueViolation, withTenant, type Db, type Logger, type Payments } from '@flowgraph/shared';
import { outbox, purchases, templateStats, type PurchaseRow } from '../data/schema.js';
import type { TemplateRecord } from '../data/template-store.js';
import { refuse } from '../domain/errors.js';
import { splitSale } from '../domain/money.js';
import type { Actor, CatalogService } from './catalog-service.js';
import { PURCHASES_TOPIC, type PurchaseEventData } from './topics.js';

export interface CheckoutUrls {
  successUrl: string;
  cancelUrl: string;
}

const LIVE: PurchaseRow['status'][] = ['pending', 'paid', 'free'];

export function purchaseEvent(type: 'marketplace.purchase.completed' | 'marketplace.purchase.refunded', row: PurchaseRow) {
  return createEnvelope<PurchaseEventData>({
    type,
    source: 'marketplace',
    tenantId: row.buyerTenantId,
    key: row.templateId,
    data: {
      purchaseId: row.id,
      templateId: row.templateId,
      buyerTenantId: row.buyerTenantId,
      creatorTenantId: row.creatorTenantId,
      amountCents: row.amountCents,
      currency: row.currency,
      creatorCents: row.creatorCents,
      platformCents: row.platformCents,
    },
  });
}

/** Buying templates: Checkout Sessions for paid ones, at once for free ones; and who holds access. */
export class PurchaseService {
  constructor(
    private readonly db: Db,
    private readonly catalog: CatalogService,
    private readonly payments: Payments,
    private readonly urls: CheckoutUrls,
    private readonly logger: Logger,
    private readonly afterCommit: () => void,
  ) {}

  async purchase(actor: Actor, templateId: string): Promise<PurchaseRow> {
    const template = await this.catalog.detail(templateId);
    if (!template || (template.visibility === 'private' && template.tenantId !== actor.tenantId)) throw refuse('NOT_FOUND', `Template ${templateId} not found`);
    if (template.tenantId === actor.tenantId) throw refuse('FORBIDDEN', 'Your tenant published this template: it already has it');
    if (template.status !== 'published') throw refuse('CONFLICT', 'This template is no longer for sale');
    const existing = await this.live(actor.tenantId, templateId);
    if (existing && existing.status !== 'pending') throw refuse('CONFLICT', 'Your tenant already bought this template');
    if (existing) return existing.checkoutUrl ? existing : this.checkout(existing, template);
    return template.priceCents === 0 ? this.acquireFree(actor, template) : this.startPaid(actor, template);
  }

  /** The creator's tenant, tenants holding a paid or free purchase, and everyone for a free template. */
  async hasAccess(tenantId: string, template: Pick<TemplateRecord, 'id' | 'tenantId' | 'priceCents'>): Promise<boolean> {
    if (template.tenantId === tenantId || template.priceCents === 0) return true;
    const [row] = await withTenant(this.db, tenantId, (tx) =>
      tx
        .select({ id: purchases.id })
        .from(purchases)
        .where(and(eq(purchases.templateId, template.id), eq(purchases.buyerTenantId, tenantId), inArray(purchases.status, ['paid', 'free'])))
        .limit(1),
    );
    return row !== undefined;
  }

  /** Whether the tenant bought or acquired it (not merely could: the creator and free browsers have not). */
  async acquired(tenantId: string, templateId: string): Promise<boolean> {
    const row = await this.live(tenantId, templateId);
    return row !== undefined && row.status !== 'pending';
  }

  mine(tenantId: string): Promise<PurchaseRow[]> {
    return withTenant(this.db, tenantId, (tx) => tx.select().from(purchases).where(eq(purchases.buyerTenantId, tenantId)).orderBy(desc(purchases.createdAt)).limit(200));
  }

  private async live(tenantId: string, templateId: string): Promise<PurchaseRow | undefined> {
    const [row] = await withTenant(this.db, tenantId, (tx) =>
      tx
        .select()
        .from(purchases)
        .where(and(eq(purchases.templateId, templateId), eq(purchases.buyerTenantId, tenantId), inArray(purchases.status, LIVE)))
        .limit(1),
    );
    return row;
  }

  private newRow(actor: Actor, template: TemplateRecord, status: PurchaseRow['status']) {
    const split = splitSale(template.priceCents);
    return {
      id: randomUUID(),
      templateId: template.id,
      buyerTenantId: actor.tenantId,
      buyerUserId: actor.userId,
      creatorTenantId: template.tenantId,
      creatorUserId: template.creatorId,
      // The catalog's price, read here on the server: the client never names an amount.
      amountCents: template.priceCents,
      currency: template.currency.toLowerCase(),
      creatorCents: split.creatorCents,
      platformCents: split.platformCents,
      status,
    };
  }

  private async acquireFree(actor: Actor, template: TemplateRecord): Promise<PurchaseRow> {
    let row: PurchaseRow;
    try {
      row = await withTenant(this.db, actor.tenantId, async (tx) => {
        const [inserted] = await tx.insert(purchases).values({ ...this.newRow(actor, template, 'free'), paidAt: new Date() }).returning();
        await tx
          .update(templateStats)
          .set({ downloads: sql`${templateStats.downloads} + 1`, statsVersion: sql`${templateStats.statsVersion} + 1` })
          .where(eq(templateStats.templateId, template.id));
        await enqueueEvents(tx, outbox, PURCHASES_TOPIC, [purchaseEvent('marketplace.purchase.completed', inserted!)]);
        return inserted!;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw refuse('CONFLICT', 'Your tenant already has this template');
      throw error;
    }
    this.afterCommit();
    await this.catalog.syncStats(template.id);
    return row;
  }

  private async startPaid(actor: Actor, template: TemplateRecord): Promise<PurchaseRow> {
    let row: PurchaseRow;
    try {
      [row] = (await withTenant(this.db, actor.tenantId, (tx) => tx.insert(purchases).values(this.newRow(actor, template, 'pending')).returning())) as [PurchaseRow];
    } catch (error) {
      // Another request of the same tenant got there first: reuse its attempt.
      if (!isUniqueViolation(error)) throw error;
      const existing = await this.live(actor.tenantId, template.id);
      if (!existing || existing.status !== 'pending') throw refuse('CONFLICT', 'Your tenant already bought this template');
      return existing.checkoutUrl ? existing : this.checkout(existing, template);
    }
    return this.checkout(row, template);
  }

  /**
   * One Checkout Session per attempt, its idempotency key naming the purchase and the attempt: a
   * retried request gets the same session, and an attempt whose session creation failed starts a new one.
   */
  private async checkout(row: PurchaseRow, template: TemplateRecord): Promise<PurchaseRow> {
    // `attempt` is the number the next session gets; a failed attempt moves it on.
    const attempt = row.attempt;
    try {
      const session = await this.payments.createCheckoutSession({
        amountCents: row.amountCents,
        currency: row.currency,
        productName: template.name,
        clientReferenceId: row.id,
        metadata: { purchaseId: row.id, templateId: row.templateId, buyerTenantId: row.buyerTenantId, buyerUserId: row.buyerUserId },
        transferGroup: row.id,
        successUrl: this.urls.successUrl.replace('{PURCHASE_ID}', row.id),
        cancelUrl: this.urls.cancelUrl.replace('{PURCHASE_ID}', row.id),
        idempotencyKey: `checkout:${row.id}:${attempt}`,
      });
      const [updated] = await withTenant(this.db, row.buyerTenantId, (tx) =>
        tx
          .update(purchases)
          .set({ checkoutSessionId: session.id, checkoutUrl: session.url })
          .where(and(eq(purchases.id, row.id), eq(purchases.status, 'pending')))
          .returning(),
      );
      return updated ?? row;
    } catch (error) {
      if (!(error instanceof PaymentError)) throw error;
      await withTenant(this.db, row.buyerTenantId, (tx) => tx.update(purchases).set({ attempt: attempt + 1 }).where(eq(purchases.id, row.id)));
      this.logger.warn({ purchaseId: row.id, code: error.code }, 'creating the Checkout Session failed');
      throw refuse('UNAVAILABLE', 'The payment provider could not start the checkout; try again');
    }
  }
}
