/**
 * Everything a specification document must pass before anything stores or runs it, in the order
 * the checks meet it: the bounded read (limits, DOCTYPE, well-formedness, a YAWL root of a version
 * we read), then the schema, then the rest of the parse and the verifier. One function, so that
 * the workflows import, the ai subgraph's drafts and the marketplace's templates refuse exactly
 * the same documents with the same issues.
 */
import type { VerificationIssue } from './model.js';
import { parseSpecificationSet, type ParseResult } from './parse.js';
import { verifySpecification } from './verify.js';
import type { XmlLimits } from './xml-bounded.js';
import { validateSpecificationSchema, type SchemaValidationOptions } from './xsd-validate.js';

export interface DocumentCheckOptions {
  /** Bounds on the XML (SPECIFICATION_XML_LIMITS when absent). */
  limits?: Readonly<XmlLimits> | undefined;
  /** The schema to validate against (the bundled one when absent) and the time bound. */
  schema?: SchemaValidationOptions | undefined;
}

/** Accepted: the parsed set and every warning (parser's and verifier's); refused: the errors that refuse it. */
export type DocumentCheck = ParseResult;

/**
 * The parser's refusals that come before the schema: the XML itself, which nothing else may read,
 * and a root that is no YAWL specificationSet of a version we read, where the parser says more.
 */
const isBeforeSchema = (issue: VerificationIssue) => issue.code.startsWith('XML_') || issue.code === 'NOT_YAWL' || issue.code === 'UNSUPPORTED_SCHEMA_VERSION';

export async function checkSpecificationDocument(xml: string, options: DocumentCheckOptions = {}): Promise<DocumentCheck> {
  const parsed = parseSpecificationSet(xml, options.limits ? { limits: options.limits } : {});
  if (!parsed.ok && parsed.issues.some(isBeforeSchema)) return parsed;
  // Only a document the bounded parser read whole reaches the schema validator.
  const schemaIssues = await validateSpecificationSchema(xml, options.schema);
  if (schemaIssues.length > 0) return { ok: false, issues: schemaIssues };
  if (!parsed.ok) return parsed;
  const issues = [...parsed.warnings, ...parsed.set.specifications.flatMap((spec) => verifySpecification(spec))];
  const errors = issues.filter((issue) => issue.severity === 'error');
  if (errors.length > 0) return { ok: false, issues: errors };
  return { ok: true, set: parsed.set, warnings: issues };
}
