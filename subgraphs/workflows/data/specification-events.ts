import { createEnvelope, type EventEnvelope } from '@flowgraph/shared';
import { SpecificationEventType, type SpecificationImportedData } from '@flowgraph/shared/events/knowledge-events';
import { summarizeSpecifications, type Specification } from '@flowgraph/yawl';
import type { SpecificationRow } from './schema.js';

/** workflows.specification.imported: what other subgraphs may know of a stored specification (a bounded summary, no XML). */
export function specificationImportedEvent(row: SpecificationRow, spec: Specification): EventEnvelope<SpecificationImportedData> {
  const data: SpecificationImportedData = {
    specificationId: row.id,
    identifier: row.identifier,
    version: row.version,
    revision: row.createdAt.getTime(),
    ...summarizeSpecifications([spec]),
  };
  return createEnvelope({ type: SpecificationEventType.imported, source: 'workflows', tenantId: row.tenantId, key: row.id, data });
}
