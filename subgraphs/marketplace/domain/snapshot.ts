import { checkSpecificationDocument, summarizeSpecifications, type DocumentCheckOptions, type VerificationIssue, type WorkflowSummary } from '@flowgraph/yawl';

/**
 * How snapshots are read: the same bounds and schema as workflows' import (workflows/index.ts
 * `importPolicy`), so a template that publishes always installs. Unset: @flowgraph/yawl's defaults
 * (SPECIFICATION_XML_LIMITS, the bundled schema).
 */
export type SnapshotPolicy = DocumentCheckOptions;

export type SnapshotCheck = { ok: true; specifications: number; summary: WorkflowSummary } | { ok: false; message: string; issues: VerificationIssue[] };

function refused(issues: readonly VerificationIssue[]): SnapshotCheck {
  const errors = issues.filter((issue) => issue.severity === 'error');
  return { ok: false, message: `specificationXml has ${errors.length} error(s): ${errors.map((e) => `${e.elementId}: ${e.code}`).join('; ')}`, issues: errors };
}

/**
 * What a template may be published with: exactly what workflows' import accepts
 * (checkSpecificationDocument: the bounded parse, the schema, the verifier; same refusals, same
 * issue codes), holding at least one specification.
 */
export async function checkSnapshot(xml: string, policy: SnapshotPolicy = {}): Promise<SnapshotCheck> {
  const checked = await checkSpecificationDocument(xml, policy);
  if (!checked.ok) return refused(checked.issues);
  if (checked.set.specifications.length === 0) return { ok: false, message: 'specificationXml holds no specification', issues: [] };
  return { ok: true, specifications: checked.set.specifications.length, summary: summarizeSpecifications(checked.set.specifications) };
}
