/**
 * The verdict on a draft: the YAWL schema, the parser and the verifier. A generation only ever returns XML this accepts.
 */
import { checkSpecificationDocument, type Specification } from '@flowgraph/yawl';

export interface DraftIssue {
  severity: 'error' | 'warning';
  elementId: string;
  code: string;
  message: string;
}

export type DraftVerdict = { ok: true; specification: Specification; warnings: DraftIssue[] } | { ok: false; issues: DraftIssue[] };

/**
 * Schema, parse and verify, as the workflows import checks an upload (checkSpecificationDocument),
 * plus what a generation needs: exactly one specification.
 */
export async function checkDraft(xml: string): Promise<DraftVerdict> {
  const checked = await checkSpecificationDocument(xml);
  if (!checked.ok) return { ok: false, issues: checked.issues };
  if (checked.set.specifications.length !== 1) {
    return { ok: false, issues: [{ severity: 'error', elementId: 'specificationSet', code: 'SPECIFICATION_COUNT', message: `expected one specification, found ${checked.set.specifications.length}` }] };
  }
  return { ok: true, specification: checked.set.specifications[0]!, warnings: checked.warnings };
}

/**
 * The verdict on a generation's draft: checkDraft, and the generation's own identifier in the metaData
 * as parsed. The workflows import matches an existing specification by identifier, so a draft that
 * kept another (an identifier in a comment before the real one, a metaData withIdentifier could not
 * write into) could otherwise link the generation to an unrelated specification of the tenant.
 */
export async function checkGeneratedDraft(xml: string, identifier: string): Promise<DraftVerdict> {
  const verdict = await checkDraft(xml);
  if (!verdict.ok || verdict.specification.meta.identifier === identifier) return verdict;
  return {
    ok: false,
    issues: [{ severity: 'error', elementId: 'metaData', code: 'GENERATION_IDENTIFIER', message: `the specification's metaData must carry the identifier ${identifier}, not ${verdict.specification.meta.identifier ?? 'none'}` }],
  };
}

/** The draft with `identifier` as its metaData identifier, whatever the provider wrote there (checkGeneratedDraft confirms it). */
export function withIdentifier(xml: string, identifier: string): string {
  if (/<identifier>[^<]*<\/identifier>/.test(xml)) return xml.replace(/<identifier>[^<]*<\/identifier>/, `<identifier>${identifier}</identifier>`);
  return xml.replace(/<\/metaData>/, `<identifier>${identifier}</identifier></metaData>`);
}
