import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgSchema, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { outboxTable } from '@flowgraph/shared/outbox/outbox-table';

export const marketplace = pgSchema('marketplace');

/**
 * One row per template: the catalog entry lives as a JSON document so the store matches
 * a document database's shape; only what every query filters on is a real column.
 */
export const templates = marketplace.table(
  'templates',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id').notNull(),
    // `unknown` on purpose: whatever JSONB holds is validated on the way out, never assumed.
    document: jsonb('document').$type<unknown>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('templates_tenant_idx').on(table.tenantId),
    index('templates_category_idx').on(sql`(${table.document} ->> 'category')`),
  ],
);

export type TemplateRow = typeof templates.$inferSelect;

/** Marketplace events (purchase completed/refunded, install requested) leave through this outbox. */
export const outbox = outboxTable(marketplace);

/** Each published snapshot of a template's YAWL XML; buyers download and install the latest. */
export const templateVersions = marketplace.table(
  'template_versions',
  {
    templateId: uuid('template_id').notNull(),
    version: integer('version').notNull(),
    tenantId: uuid('tenant_id').notNull(),
    specificationId: uuid('specification_id').notNull(),
    xml: text('xml').notNull(),
    /**
     * Whether the template is free now (kept with its price by the catalog service): row-level security
     * lets every tenant read a free template's snapshots, as `Template.specificationXml` does.
     */
    free: boolean('free').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.templateId, table.version] })],
);

/**
 * Counters kept in Postgres so a purchase or a review changes them in its own transaction; the
 * catalog gets a copy stamped with `stats_version`, so an older copy never overwrites a newer one.
 */
export const templateStats = marketplace.table('template_stats', {
  templateId: uuid('template_id').primaryKey(),
  downloads: integer('downloads').notNull().default(0),
  reviewCount: integer('review_count').notNull().default(0),
  ratingSum: integer('rating_sum').notNull().default(0),
  statsVersion: bigint('stats_version', { mode: 'number' }).notNull().default(0),
});

export type PurchaseStatus = 'pending' | 'paid' | 'free' | 'refunded';

export const purchases = marketplace.table(
  'purchases',
  {
    id: uuid('id').primaryKey(),
    templateId: uuid('template_id').notNull(),
    buyerTenantId: uuid('buyer_tenant_id').notNull(),
    buyerUserId: uuid('buyer_user_id').notNull(),
    creatorTenantId: uuid('creator_tenant_id').notNull(),
    creatorUserId: uuid('creator_user_id').notNull(),
    /** The catalog's price when the purchase was started, in the smallest unit; never the client's. */
    amountCents: integer('amount_cents').notNull(),
    currency: text('currency').notNull(),
    creatorCents: integer('creator_cents').notNull(),
    platformCents: integer('platform_cents').notNull(),
    status: text('status').$type<PurchaseStatus>().notNull(),
    /** Bumped on every Checkout Session made for this purchase: one idempotency key per attempt. */
    attempt: integer('attempt').notNull().default(1),
    checkoutSessionId: text('checkout_session_id'),
    checkoutUrl: text('checkout_url'),
    paymentIntentId: text('payment_intent_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    refundedAt: timestamp('refunded_at', { withTimezone: true }),
  },
  (table) => [
    // One live purchase per buyer tenant and template: buying twice is refused, a pending attempt reused.
    uniqueIndex('purchases_live_idx').on(table.templateId, table.buyerTenantId).where(sql`${table.status} in ('pending', 'paid', 'free')`),
    index('purchases_creator_idx').on(table.creatorTenantId, table.createdAt),
    index('purchases_payment_intent_idx').on(table.paymentIntentId),
  ],
);

export type PurchaseRow = typeof purchases.$inferSelect;

/** A creator's Stripe Connect account. */
export const payoutAccounts = marketplace.table('payout_accounts', {
  userId: uuid('user_id').primaryKey(),
  tenantId: uuid('tenant_id').notNull(),
  accountId: text('account_id').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export type PayoutStatus = 'pending' | 'paid' | 'reversal_pending' | 'reversed' | 'cancelled';

/**
 * The creator's share of one sale, written with the paid purchase and carried out by the payout
 * worker: a Stripe outage delays it (retried with back-off), never loses it.
 */
export const payouts = marketplace.table(
  'payouts',
  {
    purchaseId: uuid('purchase_id').primaryKey(),
    creatorUserId: uuid('creator_user_id').notNull(),
    amountCents: integer('amount_cents').notNull(),
    currency: text('currency').notNull(),
    status: text('status').$type<PayoutStatus>().notNull(),
    transferId: text('transfer_id'),
    reversalId: text('reversal_id'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('payouts_due_idx').on(table.nextAttemptAt).where(sql`${table.status} in ('pending', 'reversal_pending')`)],
);

export type PayoutRow = typeof payouts.$inferSelect;

/** Stripe event ids already handled: a replayed or duplicated delivery finds its id here and changes nothing. */
export const webhookEvents = marketplace.table('webhook_events', {
  eventId: text('event_id').primaryKey(),
  type: text('type').notNull(),
  outcome: text('outcome').notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
});

export const reviews = marketplace.table(
  'reviews',
  {
    id: uuid('id').primaryKey(),
    templateId: uuid('template_id').notNull(),
    tenantId: uuid('tenant_id').notNull(),
    userId: uuid('user_id').notNull(),
    rating: integer('rating').notNull(),
    comment: text('comment'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('reviews_template_tenant_idx').on(table.templateId, table.tenantId), index('reviews_template_idx').on(table.templateId, table.updatedAt)],
);

export type ReviewRow = typeof reviews.$inferSelect;

export type InstallationStatus = 'pending' | 'installed' | 'failed';

/** A template version installed into a buyer's tenant; workflows creates the specification and tells us its id. */
export const installations = marketplace.table(
  'installations',
  {
    id: uuid('id').primaryKey(),
    templateId: uuid('template_id').notNull(),
    version: integer('version').notNull(),
    tenantId: uuid('tenant_id').notNull(),
    userId: uuid('user_id').notNull(),
    status: text('status').$type<InstallationStatus>().notNull(),
    specificationId: uuid('specification_id'),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('installations_template_tenant_version_idx').on(table.templateId, table.tenantId, table.version)],
);

export type InstallationRow = typeof installations.$inferSelect;
