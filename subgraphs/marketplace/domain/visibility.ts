import type { TemplateRecord } from '../data/template-store.js';

/**
 * The viewer is a tenant id, or null for an anonymous caller, who owns nothing and so
 * never sees private templates or cross-entity references.
 */
type Viewer = string | null;

/** A viewer sees public published templates of every tenant plus all their own tenant's ones. */
export function isVisibleTo(template: Pick<TemplateRecord, 'tenantId' | 'visibility' | 'status'>, viewerTenantId: Viewer): boolean {
  return (template.visibility === 'public' && template.status === 'published') || template.tenantId === viewerTenantId;
}

/**
 * The publisher, only within the publishing tenant: identity would not resolve a foreign
 * user anyway, and a dangling reference would only tell the viewer that user's id.
 */
export function creatorReference(template: Pick<TemplateRecord, 'tenantId' | 'creatorId'>, viewerTenantId: Viewer): { id: string } | null {
  return template.tenantId === viewerTenantId ? { id: template.creatorId } : null;
}

/** The source specification, for the same reason only within the publishing tenant. */
export function specificationReference(
  template: Pick<TemplateRecord, 'tenantId' | 'specificationId'>,
  viewerTenantId: Viewer,
): { id: string } | null {
  return template.tenantId === viewerTenantId && template.specificationId ? { id: template.specificationId } : null;
}

export function toGraphQLVisibility(visibility: TemplateRecord['visibility']): 'PUBLIC' | 'PRIVATE' {
  return visibility === 'public' ? 'PUBLIC' : 'PRIVATE';
}
