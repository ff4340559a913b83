/**
 * Validation of a specification document against an XML Schema (YAWL's own 4.0 schema where a
 * deployment provides it, else the one written for this repository, `schema/yawl-specification.xsd`),
 * with libxml2 compiled to WebAssembly. Run it only on a document the bounded parser accepted:
 * libxml2 reads the text again, and the limits are what keep that cheap.
 *
 * `validateSpecificationSchema` runs libxml2 in a worker thread so that a validation taking longer
 * than its time bound is stopped (the worker is ended and made anew), not waited for.
 * `validateAgainstXsd` runs it in the calling thread, for scripts such as the conformance check.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { XsdValidator } from 'libxml2-wasm';
import type { VerificationIssue } from './model.js';

/** An XML Schema and where it came from (a path or URL, used for messages and relative imports). */
export interface SpecificationSchema {
  readonly xsd: string;
  readonly location: string;
}

/** libxml2's report of one problem, as the worker sends it back. */
interface SchemaProblem {
  message: string;
  line?: number;
}

const BUNDLED_LOCATION = new URL('../schema/yawl-specification.xsd', import.meta.url);
let bundled: SpecificationSchema | undefined;

/** The schema written for this repository from the parser's model of YAWL 2.0–4.0. */
export function bundledSpecificationSchema(): SpecificationSchema {
  bundled ??= { xsd: readFileSync(BUNDLED_LOCATION, 'utf8'), location: BUNDLED_LOCATION.href };
  return bundled;
}

/** A schema read from a file, e.g. YAWL's own YAWL_Schema4.0.xsd named by YAWL_SCHEMA_XSD. */
export function loadSpecificationSchema(path: string): SpecificationSchema {
  return { xsd: readFileSync(path, 'utf8'), location: pathToFileURL(path).href };
}

function toIssues(problems: readonly SchemaProblem[], code = 'XSD_INVALID'): VerificationIssue[] {
  return problems.map((problem) => ({
    severity: 'error',
    elementId: 'specificationSet',
    code,
    message: problem.message.trim(),
    ...(problem.line === undefined || problem.line <= 0 ? {} : { line: problem.line }),
  }));
}

const validators = new Map<string, XsdValidator>();

/**
 * Every problem libxml2 finds validating `xml` against `schema`, in this thread, unbounded in
 * time: for scripts and the conformance check. [] when valid.
 */
export async function validateAgainstXsd(xml: string, schema: SpecificationSchema = bundledSpecificationSchema()): Promise<VerificationIssue[]> {
  // Loaded on first use: most processes importing the YAWL core never validate in their own thread.
  const { XmlDocument, XsdValidator, XmlValidateError, XmlParseError } = await import('libxml2-wasm');
  let validator = validators.get(schema.xsd);
  if (validator === undefined) {
    validator = XsdValidator.fromDoc(XmlDocument.fromString(schema.xsd, { url: schema.location }));
    validators.set(schema.xsd, validator);
  }
  let doc: InstanceType<typeof XmlDocument>;
  try {
    doc = XmlDocument.fromString(xml);
  } catch (error) {
    if (error instanceof XmlParseError) return toIssues(error.details);
    throw error;
  }
  try {
    validator.validate(doc);
    return [];
  } catch (error) {
    if (error instanceof XmlValidateError) return toIssues(error.details);
    throw error;
  } finally {
    doc.dispose();
  }
}

/** The schema version a document declares on its root, read without parsing it again. */
export function declaredSchemaVersion(xml: string): string | undefined {
  const root = /<(?:[A-Za-z_][\w.-]*:)?specificationSet\b[^>]*?\sversion\s*=\s*(["'])([^"']*)\1/.exec(xml.slice(0, 4096));
  return root?.[2];
}

export interface SchemaValidationOptions {
  /**
   * YAWL's own schema (YAWL_Schema4.0.xsd). It describes version 4.0 documents only, so those are
   * validated against it, and older ones (2.x, 3.0, which YAWL reads with their own schemas)
   * against the bundled schema. Without it, every document against the bundled schema.
   */
  official?: SpecificationSchema;
  /** How long validation may take before it is stopped and the document refused (XSD_TIMEOUT). */
  timeoutMs?: number;
}

export const DEFAULT_SCHEMA_TIMEOUT_MS = 5_000;

/** The schema `validateSpecificationSchema` would use for `xml`. */
export function schemaFor(xml: string, official: SpecificationSchema | undefined): SpecificationSchema {
  return official !== undefined && declaredSchemaVersion(xml) === '4.0' ? official : bundledSpecificationSchema();
}

/**
 * Validates a specification document against its schema in a worker thread, within
 * `timeoutMs`: [] when valid, else XSD_INVALID issues with libxml2's message and line, or one
 * XSD_TIMEOUT issue.
 */
export async function validateSpecificationSchema(xml: string, options: SchemaValidationOptions = {}): Promise<VerificationIssue[]> {
  const schema = schemaFor(xml, options.official);
  const timeoutMs = options.timeoutMs ?? DEFAULT_SCHEMA_TIMEOUT_MS;
  const outcome = await runInWorker(xml, schema, timeoutMs);
  if (outcome === 'timeout') {
    return [{ severity: 'error', elementId: 'specificationSet', code: 'XSD_TIMEOUT', message: `Schema validation took longer than ${timeoutMs} ms and was stopped` }];
  }
  return toIssues(outcome);
}

// The worker is plain JavaScript (evaluated, so it needs no TypeScript loader) and keeps a
// compiled validator per schema text between calls.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const validators = new Map();
const lib = import(workerData.libxml2);
parentPort.on('message', async ({ id, xml, xsd, location }) => {
  const { XmlDocument, XsdValidator, XmlValidateError, XmlParseError } = await lib;
  const details = (error) => error.details.map((d) => ({ message: d.message, line: d.line }));
  try {
    let validator = validators.get(xsd);
    if (!validator) {
      validator = XsdValidator.fromDoc(XmlDocument.fromString(xsd, { url: location }));
      validators.set(xsd, validator);
    }
    let doc;
    try {
      doc = XmlDocument.fromString(xml);
    } catch (error) {
      if (error instanceof XmlParseError) return parentPort.postMessage({ id, problems: details(error) });
      throw error;
    }
    try {
      validator.validate(doc);
      parentPort.postMessage({ id, problems: [] });
    } catch (error) {
      if (error instanceof XmlValidateError) return parentPort.postMessage({ id, problems: details(error) });
      throw error;
    } finally {
      doc.dispose();
    }
  } catch (error) {
    parentPort.postMessage({ id, failure: String(error && error.message || error) });
  }
});
`;

interface WorkerReply {
  id: number;
  problems?: SchemaProblem[];
  failure?: string;
}

/** One worker and the validations waiting on it; ended as a whole when one of them overruns. */
class ValidatorWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, (reply: WorkerReply) => void>();
  private nextId = 0;
  ended = false;

  constructor() {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { libxml2: libxml2Url() } });
    this.worker.on('message', (reply: WorkerReply) => {
      this.pending.get(reply.id)?.(reply);
      this.pending.delete(reply.id);
    });
    this.worker.on('error', (error) => this.end(error.message));
    this.worker.on('exit', () => this.end('the schema validator stopped'));
    // After the listeners, which would otherwise hold it: an idle validator keeps no process alive.
    this.worker.unref();
  }

  validate(xml: string, schema: SpecificationSchema, timeoutMs: number): Promise<SchemaProblem[] | 'timeout'> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        // libxml2 may be stuck: end the worker (the next validation starts a fresh one).
        this.end('another validation on the same worker overran its time bound');
        resolve('timeout');
      }, timeoutMs);
      this.pending.set(id, (reply) => {
        clearTimeout(timer);
        if (reply.failure !== undefined) reject(new Error(`Schema validation failed: ${reply.failure}`));
        else resolve(reply.problems ?? []);
      });
      this.worker.postMessage({ id, xml, xsd: schema.xsd, location: schema.location });
    });
  }

  private end(reason: string): void {
    if (!this.ended) {
      this.ended = true;
      void this.worker.terminate();
    }
    for (const [id, settle] of this.pending) settle({ id, failure: reason });
    this.pending.clear();
  }
}

let current: ValidatorWorker | undefined;

function libxml2Url(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve('libxml2-wasm')).href;
}

function runInWorker(xml: string, schema: SpecificationSchema, timeoutMs: number): Promise<SchemaProblem[] | 'timeout'> {
  if (current === undefined || current.ended) current = new ValidatorWorker();
  return current.validate(xml, schema, timeoutMs);
}
