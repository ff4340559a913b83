/**
 * What workflows and marketplace tell other subgraphs about the workflows they hold, so that a
 * consumer (the ai subgraph's knowledge base) can keep its own copy without reading their tables.
 * Every event carries the whole summary (name, description, task names, patterns: see
 * summarizeSpecifications in @flowgraph/yawl, which bounds it) and a revision, so a consumer keeps
 * the newest state whatever order redeliveries arrive in.
 */
import type { WorkflowSummary } from '@flowgraph/yawl';

/** workflows.specification.imported, keyed by specification id. */
export const SPECIFICATION_EVENTS_TOPIC = 'workflows.specifications';
/** marketplace.template.published / updated / unpublished, keyed by template id. */
export const TEMPLATE_EVENTS_TOPIC = 'marketplace.templates';

export const SpecificationEventType = {
  imported: 'workflows.specification.imported',
} as const;

export const TemplateEventType = {
  published: 'marketplace.template.published',
  updated: 'marketplace.template.updated',
  unpublished: 'marketplace.template.unpublished',
} as const;

export interface SpecificationImportedData extends WorkflowSummary {
  specificationId: string;
  /** YAWL's identifier across versions (metaData/identifier): later versions replace earlier ones. */
  identifier: string;
  version: string;
  /** The import's time in milliseconds: a later import of the identifier is the newer state. */
  revision: number;
}

export interface TemplateChangedData extends WorkflowSummary {
  templateId: string;
  /** `public`: every tenant may see it while published; `private`: only the publishing tenant. */
  visibility: 'public' | 'private';
  status: 'published' | 'unpublished';
  /** The template's updatedAt in milliseconds: a consumer keeps the highest it has seen. */
  revision: number;
}
