import { pageSize, parseId } from '@flowgraph/shared';
import type { Context } from '../context.js';
import type { InstallationRow, PurchaseRow } from '../data/schema.js';
import type { MutationResolvers, PurchaseStatus, QueryResolvers, Resolvers } from '../generated/resolvers-types.js';
import { actorOf } from './catalog.js';
import { guarded } from './errors.js';

const purchaseStatus = (status: PurchaseRow['status']): PurchaseStatus => status.toUpperCase() as PurchaseStatus;
const sameTenant = (ctx: Context, tenantId: string) => ctx.viewerTenantId === tenantId;

export const commerceQueries: Pick<QueryResolvers, 'myPurchases' | 'myInstallations' | 'mySales' | 'payoutSummary'> = {
  myPurchases: (_parent, _args, ctx) => ctx.purchases.mine(actorOf(ctx).tenantId),
  myInstallations: (_parent, _args, ctx) => ctx.installs.mine(actorOf(ctx).tenantId),
  mySales: (_parent, { first }, ctx) => ctx.sales.sales(actorOf(ctx).tenantId, pageSize(first, 50)),
  payoutSummary: (_parent, _args, ctx) => ctx.sales.summary(actorOf(ctx).tenantId),
};

export const commerceMutations: Pick<MutationResolvers, 'connectPayoutAccount' | 'purchaseTemplate' | 'installTemplate' | 'reviewTemplate'> = {
  connectPayoutAccount: (_parent, _args, ctx) => guarded(() => ctx.payoutAccounts.connect(actorOf(ctx))),
  purchaseTemplate: (_parent, { templateId }, ctx) => guarded(() => ctx.purchases.purchase(actorOf(ctx), parseId(templateId, 'templateId'))),
  installTemplate: (_parent, { templateId }, ctx) => guarded(() => ctx.installs.install(actorOf(ctx), parseId(templateId, 'templateId'))),
  reviewTemplate: (_parent, { templateId, rating, comment }, ctx) => guarded(() => ctx.reviews.review(actorOf(ctx), parseId(templateId, 'templateId'), rating, comment)),
};

/** The template behind a purchase or installation, whatever its catalog status: the buyer keeps it. */
const templateOf = (row: { templateId: string }, ctx: Context) => ctx.catalog.detail(row.templateId);

export const commerceTypes: Pick<Resolvers, 'Purchase' | 'Sale' | 'Review' | 'TemplateInstallation'> = {
  Purchase: {
    template: (row, _args, ctx) => templateOf(row, ctx),
    status: (row) => purchaseStatus(row.status),
    currency: (row) => row.currency.toUpperCase(),
    checkoutUrl: (row) => (row.status === 'pending' ? row.checkoutUrl : null),
  },
  Sale: {
    id: (sale) => sale.purchase.id,
    template: (sale, _args, ctx) => templateOf(sale.purchase, ctx),
    status: (sale) => purchaseStatus(sale.purchase.status),
    amountCents: (sale) => sale.purchase.amountCents,
    currency: (sale) => sale.purchase.currency.toUpperCase(),
    creatorAmountCents: (sale) => sale.purchase.creatorCents,
    platformFeeCents: (sale) => sale.purchase.platformCents,
    payoutStatus: (sale) => (sale.payoutStatus ? (sale.payoutStatus.toUpperCase() as 'PENDING') : null),
    createdAt: (sale) => sale.purchase.createdAt,
    paidAt: (sale) => sale.purchase.paidAt,
  },
  Review: {
    // Users live in identity, which resolves only the caller's own tenant's users.
    author: (row, _args, ctx) => (sameTenant(ctx, row.tenantId) ? { id: row.userId } : null),
  },
  TemplateInstallation: {
    template: (row: InstallationRow, _args, ctx) => templateOf(row, ctx),
    status: (row) => (row.status === 'installed' ? 'INSTALLED' : row.status === 'failed' ? 'FAILED' : 'PENDING'),
    specification: (row) => (row.specificationId ? { id: row.specificationId } : null),
  },
};
