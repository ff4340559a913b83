/**
 * The schema check of a conformance run. Every file must be valid against the schema bundled with
 * @flowgraph/yawl (what an import checks when no official schema is configured), and a 4.0 file
 * also against YAWL's own YAWL_Schema4.0.xsd when the run has it (the corpus directory's copy, or
 * YAWL_SCHEMA_XSD): the first proves the bundled schema refuses nothing YAWL accepts, the second
 * that the file is one the YAWL editor would accept.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  bundledSpecificationSchema,
  loadSpecificationSchema,
  schemaFor,
  validateAgainstXsd,
  type SpecificationSchema,
  type VerificationIssue,
} from '@flowgraph/yawl';

export const OFFICIAL_SCHEMA_FILE = 'YAWL_Schema4.0.xsd';

export type SchemaVerdict = { status: 'valid'; detail: string } | { status: 'invalid'; detail: string };

/** YAWL's own schema for a run over `directory`: YAWL_SCHEMA_XSD, else the directory's copy, else none. */
export function officialSchema(directory: string, env: NodeJS.ProcessEnv = process.env): SpecificationSchema | undefined {
  const path = env.YAWL_SCHEMA_XSD ?? join(directory, OFFICIAL_SCHEMA_FILE);
  return existsSync(path) ? loadSpecificationSchema(path) : undefined;
}

const describe = (issues: readonly VerificationIssue[]) =>
  `${issues.length} issue(s), first: ${issues[0]?.line === undefined ? '' : `line ${issues[0].line}: `}${issues[0]?.message ?? ''}`;

export async function validateAgainstSchemas(xml: string, official: SpecificationSchema | undefined): Promise<SchemaVerdict> {
  const bundled = bundledSpecificationSchema();
  const bundledIssues = await validateAgainstXsd(xml, bundled);
  if (bundledIssues.length > 0) return { status: 'invalid', detail: `against the bundled schema: ${describe(bundledIssues)}` };
  const own = schemaFor(xml, official);
  if (own === bundled) return { status: 'valid', detail: official ? 'valid against the bundled schema (not a 4.0 document: YAWL reads it with its older schema)' : 'valid against the bundled schema' };
  const officialIssues = await validateAgainstXsd(xml, own);
  if (officialIssues.length > 0) return { status: 'invalid', detail: `against ${OFFICIAL_SCHEMA_FILE}: ${describe(officialIssues)}` };
  return { status: 'valid', detail: `valid against the bundled schema and ${OFFICIAL_SCHEMA_FILE}` };
}
