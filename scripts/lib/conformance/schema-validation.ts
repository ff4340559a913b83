/**
 * The single place where XSD validation (YAWL_Schema4.0.xsd) plugs into the conformance run.
 *
 * The validation is being added to @flowgraph/yawl as `validateSpecificationSchema(xml)`. Until that
 * export exists this check reports "not available" (neither a pass nor a failure); once it exists it
 * is called with the file's XML, and its verdict counts: `true`/`false`, `{ ok }` (with `issues` or
 * `errors` to print), an array of issues (empty when valid), or a thrown error (invalid).
 */
import * as yawl from '@flowgraph/yawl';

export const SCHEMA_VALIDATOR_EXPORT = 'validateSpecificationSchema';

export type SchemaVerdict = { status: 'valid' } | { status: 'invalid'; detail: string } | { status: 'unavailable'; detail: string };

function describe(issues: unknown): string {
  if (!Array.isArray(issues) || issues.length === 0) return 'invalid';
  const first = issues[0] as { message?: unknown; code?: unknown } | string;
  const text = typeof first === 'string' ? first : [first.code, first.message].filter((part) => typeof part === 'string').join(': ');
  return `${issues.length} issue(s), first: ${text || JSON.stringify(first)}`;
}

export function validateAgainstSchema(xml: string): SchemaVerdict {
  const validator = (yawl as unknown as Record<string, unknown>)[SCHEMA_VALIDATOR_EXPORT];
  if (typeof validator !== 'function') return { status: 'unavailable', detail: `@flowgraph/yawl has no ${SCHEMA_VALIDATOR_EXPORT} yet` };
  let result: unknown;
  try {
    result = (validator as (xml: string) => unknown)(xml);
  } catch (error) {
    return { status: 'invalid', detail: error instanceof Error ? error.message : String(error) };
  }
  if (result === true || result === undefined) return { status: 'valid' };
  if (result === false) return { status: 'invalid', detail: 'invalid' };
  if (Array.isArray(result)) return result.length === 0 ? { status: 'valid' } : { status: 'invalid', detail: describe(result) };
  if (typeof result === 'object' && result !== null && 'ok' in result) {
    const verdict = result as { ok: unknown; issues?: unknown; errors?: unknown };
    return verdict.ok === true ? { status: 'valid' } : { status: 'invalid', detail: describe(verdict.issues ?? verdict.errors) };
  }
  return { status: 'invalid', detail: `unexpected result from ${SCHEMA_VALIDATOR_EXPORT}: ${JSON.stringify(result)}` };
}
