import { parseSpecificationSet, validateSpecificationSchema, verifySpecification, type SchemaValidationOptions, type VerificationIssue, type XmlLimits } from '@flowgraph/yawl';

/**
 * How snapshots are read: the same bounds and schema as workflows' import (workflows/index.ts
 * `importPolicy`), so a template that publishes always installs. Unset: @flowgraph/yawl's defaults
 * (SPECIFICATION_XML_LIMITS, the bundled schema).
 */
export interface SnapshotPolicy {
  limits?: Readonly<XmlLimits> | undefined;
  schema?: SchemaValidationOptions | undefined;
}

export type SnapshotCheck = { ok: true; specifications: number } | { ok: false; message: string; issues: VerificationIssue[] };

/** Refusals about the XML itself (limits, DOCTYPE, well-formedness) or its root: nothing else may read such a document. */
const isBeforeSchema = (issue: VerificationIssue) => issue.code.startsWith('XML_') || issue.code === 'NOT_YAWL' || issue.code === 'UNSUPPORTED_SCHEMA_VERSION';

function refused(issues: readonly VerificationIssue[]): SnapshotCheck {
  const errors = issues.filter((issue) => issue.severity === 'error');
  return { ok: false, message: `specificationXml has ${errors.length} error(s): ${errors.map((e) => `${e.elementId}: ${e.code}`).join('; ')}`, issues: errors };
}

/**
 * What a template may be published with, checked in the order workflows' `importSet` checks it:
 * the bounded parse (XML limits first), the schema (libxml2 in a worker, time-bounded, reached only
 * by a document the bounded parser read whole), then the verifier. Same refusals, same issue codes.
 */
export async function checkSnapshot(xml: string, policy: SnapshotPolicy = {}): Promise<SnapshotCheck> {
  const parsed = parseSpecificationSet(xml, policy.limits ? { limits: policy.limits } : {});
  if (!parsed.ok && parsed.issues.some(isBeforeSchema)) return refused(parsed.issues);
  const schemaIssues = await validateSpecificationSchema(xml, policy.schema);
  if (schemaIssues.length > 0) return refused(schemaIssues);
  if (!parsed.ok) return refused(parsed.issues);
  if (parsed.set.specifications.length === 0) return { ok: false, message: 'specificationXml holds no specification', issues: [] };
  const issues = [...parsed.warnings, ...parsed.set.specifications.flatMap((spec) => verifySpecification(spec))];
  if (issues.some((issue) => issue.severity === 'error')) return refused(issues);
  return { ok: true, specifications: parsed.set.specifications.length };
}
