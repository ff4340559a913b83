/**
 * The verdict on a draft: the YAWL schema (once @flowgraph/yawl validates it), the parser and the
 * verifier. A generation only ever returns XML this accepts.
 */
import * as yawl from '@flowgraph/yawl';
import { parseSpecificationSet, verifySpecification, type Specification } from '@flowgraph/yawl';

export interface DraftIssue {
  severity: 'error' | 'warning';
  elementId: string;
  code: string;
  message: string;
}

export type DraftVerdict = { ok: true; specification: Specification; warnings: DraftIssue[] } | { ok: false; issues: DraftIssue[] };

/** The name XSD validation is being added under in @flowgraph/yawl (by another change). */
export const SCHEMA_VALIDATOR_EXPORT = 'validateSpecificationSchema';

/**
 * THE place XSD validation plugs in: while @flowgraph/yawl has no `validateSpecificationSchema`,
 * this returns no issues and parse + verify decide alone. Once it exists, its verdict counts:
 * `true`/`false`, `{ ok, issues | errors }`, or an array of issues.
 */
export function schemaIssues(xml: string): DraftIssue[] {
  const validator = (yawl as unknown as Record<string, unknown>)[SCHEMA_VALIDATOR_EXPORT];
  if (typeof validator !== 'function') return [];
  const fail = (message: string): DraftIssue[] => [{ severity: 'error', elementId: 'specificationSet', code: 'SCHEMA_INVALID', message }];
  let result: unknown;
  try {
    result = (validator as (xml: string) => unknown)(xml);
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  if (result === true || result === undefined) return [];
  const list = Array.isArray(result) ? result : typeof result === 'object' && result !== null && 'ok' in result && (result as { ok: unknown }).ok !== true ? ((result as { issues?: unknown; errors?: unknown }).issues ?? (result as { errors?: unknown }).errors ?? ['invalid']) : result === false ? ['invalid'] : [];
  return (Array.isArray(list) ? list : ['invalid']).map((issue: unknown) => {
    const found = issue as { message?: unknown; code?: unknown };
    return { severity: 'error', elementId: 'specificationSet', code: typeof found.code === 'string' ? found.code : 'SCHEMA_INVALID', message: typeof found.message === 'string' ? found.message : String(issue) };
  });
}

export function checkDraft(xml: string): DraftVerdict {
  const schema = schemaIssues(xml);
  if (schema.length > 0) return { ok: false, issues: schema };
  const parsed = parseSpecificationSet(xml);
  if (!parsed.ok) return { ok: false, issues: parsed.issues };
  if (parsed.set.specifications.length !== 1) {
    return { ok: false, issues: [{ severity: 'error', elementId: 'specificationSet', code: 'SPECIFICATION_COUNT', message: `expected one specification, found ${parsed.set.specifications.length}` }] };
  }
  const specification = parsed.set.specifications[0]!;
  const issues = [...parsed.warnings, ...verifySpecification(specification)];
  const errors = issues.filter((issue) => issue.severity === 'error');
  if (errors.length > 0) return { ok: false, issues: errors };
  return { ok: true, specification, warnings: issues.filter((issue) => issue.severity === 'warning') };
}

/** The draft with `identifier` as its metaData identifier, whatever the provider wrote there. */
export function withIdentifier(xml: string, identifier: string): string {
  if (/<identifier>[^<]*<\/identifier>/.test(xml)) return xml.replace(/<identifier>[^<]*<\/identifier>/, `<identifier>${identifier}</identifier>`);
  return xml.replace(/<\/metaData>/, `<identifier>${identifier}</identifier></metaData>`);
}
