import { parseSpecificationSet, verifySpecification, type VerificationIssue } from '@flowgraph/yawl';

/** A template's XML is held whole in memory and in every download: bound it. */
export const MAX_SNAPSHOT_BYTES = 2_000_000;

export type SnapshotCheck = { ok: true; specifications: number } | { ok: false; message: string; issues: VerificationIssue[] };

/**
 * What a template may be published with: a YAWL specificationSet that parses and passes the
 * verifier with no errors, the same rule workflows applies on import, so an installed template
 * always imports.
 */
export function checkSnapshot(xml: string): SnapshotCheck {
  if (Buffer.byteLength(xml, 'utf8') > MAX_SNAPSHOT_BYTES) return { ok: false, message: `specificationXml is larger than ${MAX_SNAPSHOT_BYTES} bytes`, issues: [] };
  const parsed = parseSpecificationSet(xml);
  if (!parsed.ok) return { ok: false, message: 'specificationXml is not a YAWL specificationSet', issues: parsed.issues.filter((issue) => issue.severity === 'error') };
  if (parsed.set.specifications.length === 0) return { ok: false, message: 'specificationXml holds no specification', issues: [] };
  const errors = parsed.set.specifications.flatMap((spec) => verifySpecification(spec)).filter((issue) => issue.severity === 'error');
  if (errors.length) return { ok: false, message: `the specification has ${errors.length} error(s): ${errors.map((e) => `${e.elementId}: ${e.code}`).join('; ')}`, issues: errors };
  return { ok: true, specifications: parsed.set.specifications.length };
}
