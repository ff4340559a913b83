import { z } from 'zod';

/**
 * The catalog's port. Resolvers only see this interface, so the Postgres JSONB store can
 * be swapped for a document database without touching them: keep it free of SQL types.
 *
 * Visibility is the store's job, not the caller's: every read takes the viewer's tenant
 * and returns only what that tenant may see (see domain/visibility.ts).
 */
export type TemplateVisibility = 'public' | 'private';

export interface TemplateRecord {
  id: string;
  tenantId: string;
  name: string;
  description: string;
  category: string;
  tags: string[];
  priceCents: number;
  currency: string;
  visibility: TemplateVisibility;
  creatorId: string;
  specificationId: string | null;
  createdAt: Date;
}

export interface BrowseQuery {
  viewerTenantId: string;
  category?: string | null | undefined;
  limit: number;
}

export interface TemplateStore {
  /** Visible templates among `ids`, in no particular order; missing or invisible ids are left out. */
  byIds(viewerTenantId: string, ids: readonly string[]): Promise<TemplateRecord[]>;
  /** Visible templates, newest first. */
  browse(query: BrowseQuery): Promise<TemplateRecord[]>;
  /** Templates the viewer's own tenant published by these creators; authorship is not shown across tenants. */
  byCreators(viewerTenantId: string, creatorIds: readonly string[]): Promise<TemplateRecord[]>;
  /** Templates the viewer's own tenant published from these specifications. */
  bySpecifications(viewerTenantId: string, specificationIds: readonly string[]): Promise<TemplateRecord[]>;
  /** Distinct categories of the visible templates, sorted. */
  categories(viewerTenantId: string): Promise<string[]>;
  /** Idempotent on `id` so seeding can run on every start: an existing template is left as it is. */
  insert(record: TemplateRecord): Promise<void>;
  ping(): Promise<void>;
}

/** The template's own fields as stored; each store validates what it reads back against this. */
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
});
