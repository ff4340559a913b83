import { notFound, pageSize, parseId, unauthenticated, type Principal } from '@flowgraph/shared';
import type { Context } from '../context.js';
import type { CatalogSort, TemplateRecord } from '../data/template-store.js';
import { creatorReference, specificationReference, toGraphQLVisibility } from '../domain/visibility.js';
import type { MutationResolvers, QueryResolvers, TemplateResolvers, TemplateSort, TemplateVisibility } from '../generated/resolvers-types.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { guarded } from './errors.js';
import { forbidden } from '@flowgraph/shared';

const SORTS: Readonly<Record<TemplateSort, CatalogSort>> = {
  NEWEST: 'newest',
  MOST_DOWNLOADED: 'downloads',
  BEST_RATED: 'rating',
  PRICE_ASC: 'price_asc',
  PRICE_DESC: 'price_desc',
};

const fromVisibility = (visibility: TemplateVisibility | null | undefined): TemplateRecord['visibility'] | undefined =>
  visibility == null ? undefined : visibility === 'PUBLIC' ? 'public' : 'private';

/** The signed-in caller; shield lets no anonymous caller this far, this only narrows the type. */
export function actorOf(ctx: Context): { tenantId: string; userId: string } {
  if (ctx.auth.kind !== 'user') throw unauthenticated();
  const principal: Principal = ctx.auth;
  return { tenantId: principal.tenantId, userId: principal.userId };
}

export const catalogQueries: Pick<QueryResolvers, 'templates' | 'template' | 'templateCategories'> = {
  templates: (_parent, { filter, sort, first, after }, ctx) =>
    guarded(async () => {
      const { tenantId } = actorOf(ctx);
      const limit = pageSize(first, 20);
      const catalogSort = SORTS[sort ?? 'NEWEST'];
      const page = await ctx.catalog.page(
        tenantId,
        {
          category: filter?.category ?? undefined,
          tags: filter?.tags ?? undefined,
          text: filter?.search ?? undefined,
          minPriceCents: filter?.minPriceCents ?? undefined,
          maxPriceCents: filter?.maxPriceCents ?? undefined,
          freeOnly: filter?.freeOnly ?? undefined,
          creatorId: filter?.creatorId ? parseId(filter.creatorId, 'creatorId') : undefined,
        },
        catalogSort,
        limit,
        after ? decodeCursor(after, catalogSort) : undefined,
      );
      const edges = page.records.map((node) => ({ node, cursor: encodeCursor(catalogSort, ctx.catalog.position(node, catalogSort)) }));
      return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
    }),
  template: async (_parent, { id }, ctx) => {
    const { tenantId } = actorOf(ctx);
    const templateId = parseId(id);
    const record = await ctx.catalog.detail(templateId);
    // Missing and invisible read the same, so ids of other tenants' private templates cannot be probed.
    // A tenant that bought a template since unpublished still sees it.
    if (!record) throw notFound('Template', id);
    const visible = (record.visibility === 'public' && record.status === 'published') || record.tenantId === tenantId;
    if (!visible && !(record.visibility === 'public' && (await ctx.purchases.acquired(tenantId, record.id)))) throw notFound('Template', id);
    return record;
  },
  templateCategories: (_parent, _args, ctx) => (ctx.viewerTenantId ? ctx.templates.categories(ctx.viewerTenantId) : []),
};

export const catalogMutations: Pick<MutationResolvers, 'publishTemplate' | 'updateTemplate' | 'publishTemplateVersion' | 'unpublishTemplate'> = {
  publishTemplate: (_parent, { input }, ctx) =>
    guarded(() =>
      ctx.catalog.publish(actorOf(ctx), {
        specificationId: parseId(input.specificationId, 'specificationId'),
        specificationXml: input.specificationXml,
        name: input.name,
        description: input.description,
        category: input.category,
        tags: input.tags ?? [],
        priceCents: input.priceCents,
        currency: input.currency,
        visibility: fromVisibility(input.visibility) ?? 'public',
      }),
    ),
  updateTemplate: (_parent, { id, input }, ctx) =>
    guarded(() =>
      ctx.catalog.update(actorOf(ctx), parseId(id), {
        ...(input.name != null ? { name: input.name } : {}),
        ...(input.description != null ? { description: input.description } : {}),
        ...(input.category != null ? { category: input.category } : {}),
        ...(input.tags != null ? { tags: input.tags } : {}),
        ...(input.priceCents != null ? { priceCents: input.priceCents } : {}),
        ...(input.currency != null ? { currency: input.currency } : {}),
        ...(input.visibility != null ? { visibility: fromVisibility(input.visibility) } : {}),
      }),
    ),
  publishTemplateVersion: (_parent, { id, input }, ctx) =>
    guarded(() => ctx.catalog.publishVersion(actorOf(ctx), parseId(id), { specificationId: parseId(input.specificationId, 'specificationId'), specificationXml: input.specificationXml })),
  unpublishTemplate: (_parent, { id }, ctx) => guarded(() => ctx.catalog.unpublish(actorOf(ctx), parseId(id))),
};

export const templateResolvers: TemplateResolvers = {
  __resolveReference: (reference, ctx) => ctx.loaders.template.load(reference.id.toLowerCase()),
  visibility: (template) => toGraphQLVisibility(template.visibility),
  status: (template) => (template.status === 'published' ? 'PUBLISHED' : 'UNPUBLISHED'),
  averageRating: (template) => (template.reviewCount === 0 ? null : template.averageRating),
  creator: (template, _args, ctx) => creatorReference(template, ctx.viewerTenantId),
  // Anyone who may see the template may see who published it; identity resolves the display name.
  creatorProfile: (template) => ({ id: template.creatorId }),
  specification: (template, _args, ctx) => specificationReference(template, ctx.viewerTenantId),
  viewerHasAccess: (template, _args, ctx) => ctx.purchases.hasAccess(actorOf(ctx).tenantId, template),
  specificationXml: async (template, _args, ctx) => {
    if (!(await ctx.purchases.hasAccess(actorOf(ctx).tenantId, template))) throw forbidden('Buy this template to download its specification');
    return ctx.catalog.snapshot(actorOf(ctx).tenantId, template.id, template.version);
  },
  reviews: (template, { first }, ctx) => ctx.reviews.of(actorOf(ctx).tenantId, template.id, pageSize(first, 20)),
};
