/**
 * The checks a conformance run makes of one specification file, in the order an import meets them:
 * the real import path (parse, then verify every specification of the set, errors refusing it), the
 * XSD validation (schema-validation.ts), the export (exported XML parses back to an equal model and
 * exports again unchanged), and, for the files asked for, a case run from launch to completion.
 */
import { isDeepStrictEqual } from 'node:util';
import { exportSpecificationSet, parseSpecificationSet, verifySpecification, type SpecificationSchema, type SpecificationSet } from '@flowgraph/yawl';
import { runToCompletion } from './run-to-completion.js';
import { validateAgainstSchemas } from './schema-validation.js';

export type CheckName = 'import' | 'schema' | 'export' | 'run';
export interface CheckResult {
  check: CheckName;
  /** `skipped`: not applicable or not available; counted neither as passed nor as failed. */
  status: 'passed' | 'failed' | 'skipped';
  detail: string;
}

const passed = (check: CheckName, detail: string): CheckResult => ({ check, status: 'passed', detail });
const failed = (check: CheckName, detail: string): CheckResult => ({ check, status: 'failed', detail });
const skipped = (check: CheckName, detail: string): CheckResult => ({ check, status: 'skipped', detail });

const issueText = (issue: { code: string; elementId: string; message: string }) => `${issue.code} at ${issue.elementId}: ${issue.message}`;

function importCheck(xml: string): { result: CheckResult; set?: SpecificationSet } {
  const parsed = parseSpecificationSet(xml);
  if (!parsed.ok) return { result: failed('import', `refused by the parser: ${parsed.issues.map(issueText).join('; ')}`) };
  const issues = [...parsed.warnings, ...parsed.set.specifications.flatMap((spec) => verifySpecification(spec))];
  const errors = issues.filter((issue) => issue.severity === 'error');
  if (errors.length > 0) return { result: failed('import', `refused by the verifier: ${errors.map(issueText).join('; ')}`) };
  const names = parsed.set.specifications.map((spec) => `${spec.uri} ${spec.meta.version}`).join(', ');
  return { result: passed('import', `${names}; ${issues.length} warning(s)${issues.length ? `: ${[...new Set(issues.map((i) => i.code))].join(', ')}` : ''}`), set: parsed.set };
}

async function schemaCheck(xml: string, official: SpecificationSchema | undefined): Promise<CheckResult> {
  const verdict = await validateAgainstSchemas(xml, official);
  return verdict.status === 'valid' ? passed('schema', verdict.detail) : failed('schema', verdict.detail);
}

function exportCheck(set: SpecificationSet): CheckResult {
  const exported = exportSpecificationSet(set);
  const again = parseSpecificationSet(exported);
  if (!again.ok) return failed('export', `the exported XML does not parse: ${again.issues.map(issueText).join('; ')}`);
  if (!isDeepStrictEqual(again.set, set)) return failed('export', 'the exported XML parses to a different model');
  if (exportSpecificationSet(again.set) !== exported) return failed('export', 'exporting the re-imported model gives different XML');
  return passed('export', `re-imports to an equal model (${exported.length} characters)`);
}

function runCheck(set: SpecificationSet): CheckResult {
  const outcomes = set.specifications.map((spec) => ({ spec, outcome: runToCompletion(spec) }));
  const failure = outcomes.find(({ outcome }) => !outcome.ok);
  if (failure && !failure.outcome.ok) {
    return failed('run', `${failure.spec.uri}: ${failure.outcome.reason} (completed so far: ${failure.outcome.completed.join(', ') || 'nothing'})`);
  }
  return passed('run', outcomes.map(({ spec, outcome }) => `${spec.uri} completed: ${outcome.completed.join(', ')}`).join('; '));
}

/**
 * Every check of one file; `run` says whether its case is run to completion, `official` is YAWL's
 * own schema when the run has it (schema-validation.ts).
 */
export async function checkSpecificationFile(xml: string, options: { run: boolean; official?: SpecificationSchema | undefined }): Promise<CheckResult[]> {
  const imported = importCheck(xml);
  const results = [imported.result, await schemaCheck(xml, options.official)];
  if (imported.set === undefined) return [...results, skipped('export', 'not imported'), skipped('run', 'not imported')];
  results.push(exportCheck(imported.set));
  results.push(options.run ? runCheck(imported.set) : skipped('run', 'not asked for (--run)'));
  return results;
}
