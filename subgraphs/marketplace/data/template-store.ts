import { z } from 'zod';

/**
 * The catalog's port. Resolvers and services only see this interface, so the Postgres JSONB
 * store can be swapped for a document database without touching them: keep it free of SQL types.
 *
 * Visibility is the store's job for every listing read: they take the viewer's tenant and return
 * only what that tenant may see (see domain/visibility.ts). `get` alone reads without it, for
 * services that decide access themselves (a buyer keeps an unpublished template they bought).
 */
export type TemplateVisibility = 'public' | 'private';
export type TemplateStatus = 'published' | 'unpublished';

export interface TemplateRecord {
  id: string;
  tenantId: string;
  name: string;
  description: string;
  category: string;
  tags: string[];
  priceCents: number;
  /** ISO 4217, upper case. */
  currency: string;
  visibility: TemplateVisibility;
  creatorId: string;
  specificationId: string | null;
  createdAt: Date;
  status: TemplateStatus;
  /** The latest snapshot's number; every new version of the specification adds one. */
  version: number;
  downloads: number;
  reviewCount: number;
  /** 0 while nobody has reviewed it, so a sort by rating needs no null handling. */
  averageRating: number;
  /** Stamp of the stats copied in from Postgres; an older copy never overwrites a newer one. */
  statsVersion: number;
  updatedAt: Date;
}

/** What a writer provides; counters start at zero and the status at published. */
export type NewTemplate = Omit<TemplateRecord, 'status' | 'version' | 'downloads' | 'reviewCount' | 'averageRating' | 'statsVersion' | 'updatedAt'> &
  Partial<Pick<TemplateRecord, 'status' | 'version' | 'updatedAt'>>;

export function completeTemplate(template: NewTemplate): TemplateRecord {
  return {
    status: 'published',
    version: 1,
    updatedAt: template.createdAt,
    ...template,
    downloads: 0,
    reviewCount: 0,
    averageRating: 0,
    statsVersion: 0,
  };
}

/** Fields an owner may change; the rest is the store's or the stats'. */
export type TemplatePatch = Partial<Pick<TemplateRecord, 'name' | 'description' | 'category' | 'tags' | 'priceCents' | 'currency' | 'visibility' | 'status' | 'version' | 'specificationId'>> & {
  updatedAt: Date;
};

export interface TemplateStats {
  downloads: number;
  reviewCount: number;
  averageRating: number;
  statsVersion: number;
}

export type CatalogSort = 'newest' | 'downloads' | 'rating' | 'price_asc' | 'price_desc';

export interface CatalogFilter {
  category?: string | undefined;
  /** All of these tags. */
  tags?: readonly string[] | undefined;
  /** Case-insensitive substring of the name or the description. */
  text?: string | undefined;
  minPriceCents?: number | undefined;
  maxPriceCents?: number | undefined;
  freeOnly?: boolean | undefined;
  creatorId?: string | undefined;
}

/**
 * Where a page ends: the sort key's value (epoch ms for `newest`) and the id, which breaks ties.
 * A page after it starts strictly behind that pair, so templates inserted meanwhile neither
 * repeat nor shift later pages: keyset paging, not offsets.
 */
export interface CatalogPosition {
  value: number;
  id: string;
}

export interface CatalogQuery {
  viewerTenantId: string;
  filter: CatalogFilter;
  sort: CatalogSort;
  limit: number;
  after?: CatalogPosition | undefined;
}

export interface TemplateStore {
  /** Visible templates among `ids`, in no particular order; missing or invisible ids are left out. */
  byIds(viewerTenantId: string, ids: readonly string[]): Promise<TemplateRecord[]>;
  /** One template whatever its visibility, for services that check access themselves. */
  get(id: string): Promise<TemplateRecord | null>;
  /** A page of visible templates in `sort` order, ties by id. */
  search(query: CatalogQuery): Promise<TemplateRecord[]>;
  /** Templates the viewer's own tenant published by these creators; authorship is not shown across tenants. */
  byCreators(viewerTenantId: string, creatorIds: readonly string[]): Promise<TemplateRecord[]>;
  /** Templates the viewer's own tenant published from these specifications. */
  bySpecifications(viewerTenantId: string, specificationIds: readonly string[]): Promise<TemplateRecord[]>;
  /** Distinct categories of the visible templates, sorted. */
  categories(viewerTenantId: string): Promise<string[]>;
  /** Idempotent on `id` so seeding can run on every start: an existing template is left as it is. */
  insert(record: NewTemplate): Promise<void>;
  /** Changes a template of `tenantId`; null when it has none with that id. */
  update(id: string, tenantId: string, patch: TemplatePatch): Promise<TemplateRecord | null>;
  /** Copies counters in unless the stored copy is as new or newer (`statsVersion`). */
  setStats(id: string, stats: TemplateStats): Promise<void>;
  ping(): Promise<void>;
}

/** The template's own fields as stored; each store validates what it reads back against this. Older documents get the defaults. */
export const storedTemplateFields = z.object({
  name: z.string().min(1),
  description: z.string(),
  category: z.string().min(1),
  tags: z.array(z.string()),
  priceCents: z.number().int().nonnegative(),
  currency: z.string().length(3),
  visibility: z.enum(['public', 'private']),
  creatorId: z.guid(),
  specificationId: z.guid().nullable(),
  status: z.enum(['published', 'unpublished']).default('published'),
  version: z.number().int().positive().default(1),
  downloads: z.number().int().nonnegative().default(0),
  reviewCount: z.number().int().nonnegative().default(0),
  averageRating: z.number().min(0).max(5).default(0),
  statsVersion: z.number().int().nonnegative().default(0),
  updatedAt: z.coerce.date().optional(),
});

/** A patch as written: no defaults, so a field left out is never reset. */
export const templatePatchFields = z
  .object({
    name: z.string().min(1),
    description: z.string(),
    category: z.string().min(1),
    tags: z.array(z.string()),
    priceCents: z.number().int().nonnegative(),
    currency: z.string().length(3),
    visibility: z.enum(['public', 'private']),
    specificationId: z.guid().nullable(),
    status: z.enum(['published', 'unpublished']),
    version: z.number().int().positive(),
  })
  .partial()
  .extend({ updatedAt: z.date() });

export const MAX_SEARCH_TEXT = 100;

/** The sort key of a record as a number, the value a CatalogPosition holds. */
export function sortValue(record: TemplateRecord, sort: CatalogSort): number {
  switch (sort) {
    case 'newest':
      return record.createdAt.getTime();
    case 'downloads':
      return record.downloads;
    case 'rating':
      return record.averageRating;
    case 'price_asc':
    case 'price_desc':
      return record.priceCents;
  }
}

/** Which way each sort runs; ties always go by id ascending. */
export const DESCENDING: Readonly<Record<CatalogSort, boolean>> = { newest: true, downloads: true, rating: true, price_asc: false, price_desc: true };
