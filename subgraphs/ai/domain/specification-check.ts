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
 * THE place XSD validation plugs in. @flowgraph/yawl is getting `validateSpecificationSchema(xml)`
 * (resolving to its issues, [] when valid) in a change made beside this one; while this tree's
 * @flowgraph/yawl has no such export, this returns no issues and parse + verify decide alone. Once
 * it exists, its verdict counts, whether it answers with issues (sync or as a promise), a boolean
 * or `{ ok, issues | errors }`; a throw is an invalid document.
 */
export function schemaIssues(xml: string): Promise<DraftIssue[]> {
  return issuesFromValidator((yawl as unknown as Record<string, unknown>)[SCHEMA_VALIDATOR_EXPORT], xml);
}

/** What a schema validator (if `validator` is one) says of `xml`, as draft issues. */
export async function issuesFromValidator(validator: unknown, xml: string): Promise<DraftIssue[]> {
  if (typeof validator !== 'function') return [];
  const fail = (message: string): DraftIssue[] => [{ severity: 'error', elementId: 'specificationSet', code: 'XSD_INVALID', message }];
  let result: unknown;
  try {
    result = await (validator as (xml: string) => unknown)(xml);
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  if (result === true || result === undefined) return [];
  if (result === false) return fail('the document does not match the YAWL schema');
  const list: unknown = Array.isArray(result)
    ? result
    : typeof result === 'object' && result !== null && 'ok' in result
      ? (result as { ok: unknown }).ok === true
        ? []
        : ((result as { issues?: unknown; errors?: unknown }).issues ?? (result as { errors?: unknown }).errors ?? ['invalid'])
      : ['unexpected answer from the schema validator'];
  return (Array.isArray(list) ? list : ['invalid']).map((issue: unknown) => {
    const found = issue as { message?: unknown; code?: unknown };
    return {
      severity: 'error',
      elementId: 'specificationSet',
      code: typeof found.code === 'string' ? found.code : 'XSD_INVALID',
      message: typeof found.message === 'string' ? found.message : String(issue),
    };
  });
}

/** Issues the parser finds before a schema could judge the document: it is not (well-formed, bounded) YAWL XML at all. */
const isBeforeSchema = (issue: DraftIssue): boolean => issue.code.startsWith('XML_') || issue.code === 'NOT_YAWL' || issue.code === 'UNSUPPORTED_SCHEMA_VERSION';

/** Parse (XML errors first), then the schema, then the rest of the parse and the verifier: the order the import path takes. */
export async function checkDraft(xml: string): Promise<DraftVerdict> {
  const parsed = parseSpecificationSet(xml);
  if (!parsed.ok && parsed.issues.some(isBeforeSchema)) return { ok: false, issues: parsed.issues };
  const schema = await schemaIssues(xml);
  if (schema.length > 0) return { ok: false, issues: schema };
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
