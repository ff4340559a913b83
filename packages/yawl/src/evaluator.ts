/**
 * The YAWL data layer: XPath predicates and XQuery mappings over XML net data, via fontoxpath.
 *
 * Net data is an XML document string whose root element is named after the net (YAWL's own
 * convention: `<OrganiseConcert><Seating>25000</Seating></OrganiseConcert>`); a task's input
 * and output documents are rooted at the task's decomposition id. Every function here takes
 * and returns strings, so the engine state stays plain JSON and no DOM object leaks out.
 *
 * fontoxpath is CommonJS: under ESM (tsx, vitest) only its default export is reliable, so all
 * calls go through `fx` below. It caches compiled expressions itself, keyed by the expression
 * string and options, which is why every call shares the single `XQUERY` options object: each
 * distinct expression is parsed once per process. Parsed data documents are cached too (small
 * bounded map) because the engine evaluates many predicates over the same net data; cached
 * documents are only ever read, never mutated.
 */
import fontoxpath from 'fontoxpath';
import { serializeToWellFormedString, type Document, type Element, type Node } from 'slimdom';
import type { Mapping, MultiInstance, NetDecomposition, Variable } from './model.js';
import { DATA_XML_LIMITS, parseBoundedXml } from './xml-bounded.js';

const fx = fontoxpath;
/** XQuery 3.1 is a superset of the XPath used by predicates, and mappings need constructors. */
const XQUERY = Object.freeze({ language: fx.evaluateXPath.XQUERY_3_1_LANGUAGE });

/** An expression failed to parse or evaluate, or produced the wrong kind of value. */
export class EvaluationError extends Error {
  constructor(
    message: string,
    readonly expression: string,
  ) {
    super(message);
    this.name = 'EvaluationError';
  }
}

const DOCUMENT_CACHE_LIMIT = 64;
const documentCache = new Map<string, Document>();

/** A parsed, read-only document for `xml` (cached). */
function readDocument(xml: string): Document {
  const cached = documentCache.get(xml);
  if (cached) return cached;
  const doc = parseXml(xml);
  if (documentCache.size >= DOCUMENT_CACHE_LIMIT) {
    const oldest = documentCache.keys().next().value;
    if (oldest !== undefined) documentCache.delete(oldest);
  }
  documentCache.set(xml, doc);
  return doc;
}

/** A fresh document the caller may mutate, read within the data-document limits. */
function parseXml(xml: string): Document {
  const parsed = parseBoundedXml(xml, DATA_XML_LIMITS);
  if (!parsed.ok) throw new EvaluationError(parsed.kind === 'malformed' ? `Malformed XML data: ${parsed.message}` : parsed.message, xml);
  return parsed.document;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

let observer: ((expression: string) => void) | undefined;

/**
 * Has `next` told of every expression just before it is evaluated (undefined: nobody). The service
 * that runs the engine under a time budget uses it to know which expression was running when it
 * had to stop one; the engine itself never looks.
 */
export function observeEvaluations(next: ((expression: string) => void) | undefined): void {
  observer = next;
}

function run<T>(expression: string, evaluate: () => T): T {
  observer?.(expression);
  try {
    return evaluate();
  } catch (error) {
    throw new EvaluationError(`Cannot evaluate "${expression}": ${errorMessage(error)}`, expression);
  }
}

function isElement(node: Node): node is Element {
  return node.nodeType === 1;
}

export function escapeXmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Evaluates an XPath boolean predicate (flow predicate, OR/XOR split) over net data. */
export function evaluatePredicate(dataXml: string, expression: string): boolean {
  const doc = readDocument(dataXml);
  return run(expression, () => fx.evaluateXPathToBoolean(expression, doc, null, null, XQUERY));
}

/** The element nodes an expression yields, each serialised (non-element items are rejected). */
function evaluateElements(contextXml: string, expression: string): string[] {
  const doc = readDocument(contextXml);
  const nodes = run(expression, () => fx.evaluateXPathToNodes<Node>(expression, doc, null, null, XQUERY));
  return nodes.map((node) => {
    if (!isElement(node)) throw new EvaluationError(`"${expression}" must yield elements`, expression);
    return serializeToWellFormedString(node);
  });
}

/**
 * Evaluates a mapping XQuery (e.g. `<VenueCost>{/OrganiseConcert/VenueCost/text()}</VenueCost>`)
 * to one element; when `rename` is given the element is renamed to it, as YAWL stores a mapping's
 * result under the parameter or variable it maps to whatever the query called it.
 */
export function evaluateMapping(contextXml: string, expression: string, rename?: string): string {
  const elements = evaluateElements(contextXml, expression);
  const first = elements[0];
  if (first === undefined) {
    // A query selecting nothing (e.g. `/Net/Missing`) maps to an empty variable, as in YAWL.
    if (rename) return `<${rename}/>`;
    throw new EvaluationError(`"${expression}" yielded no element`, expression);
  }
  if (elements.length > 1) throw new EvaluationError(`"${expression}" yielded ${elements.length} elements, expected one`, expression);
  return rename ? renameElement(first, rename) : first;
}

/** Renames the root element of `elementXml` (keeping its content, dropping its attributes' namespace games). */
export function renameElement(elementXml: string, name: string): string {
  const doc = parseXml(elementXml);
  const root = doc.documentElement!;
  if (root.localName === name) return elementXml;
  const renamed = doc.createElement(name);
  for (const attribute of Array.from(root.attributes)) renamed.setAttribute(attribute.name, attribute.value);
  while (root.firstChild) renamed.appendChild(root.firstChild);
  return serializeToWellFormedString(renamed);
}

/** `<root>children…</root>` */
export function buildDocument(rootName: string, children: readonly string[]): string {
  return children.length === 0 ? `<${rootName}/>` : `<${rootName}>${children.join('')}</${rootName}>`;
}

/** The serialised child elements of a document's root. */
export function childElements(xml: string): string[] {
  const root = readDocument(xml).documentElement!;
  return Array.from(root.children).map((child) => serializeToWellFormedString(child));
}

/** The name of a document's root element. */
export function rootName(xml: string): string {
  return readDocument(xml).documentElement!.localName;
}

/**
 * The child elements of variable `name` as name → text, for a complex value such as YAWL's
 * timer record; undefined when the variable is absent.
 */
export function variableFields(dataXml: string, name: string): Map<string, string> | undefined {
  const root = readDocument(dataXml).documentElement!;
  const variable = Array.from(root.children).find((element) => element.localName === name);
  if (!variable) return undefined;
  return new Map(Array.from(variable.children).map((child) => [child.localName, child.textContent ?? '']));
}

/** Replaces the root's child element named like `elementXml`'s root, or appends it when absent. */
export function setVariable(dataXml: string, elementXml: string): string {
  const doc = parseXml(dataXml);
  const root = doc.documentElement!;
  const value = parseXml(elementXml).documentElement!;
  const imported = doc.importNode(value, true);
  const existing = Array.from(root.children).find((element) => element.localName === value.localName);
  if (existing) root.replaceChild(imported, existing);
  else root.appendChild(imported);
  return serializeToWellFormedString(doc);
}

/** A variable's element from its XML-content value (YAWL initial values are element content). */
function variableElement(name: string, content: string | undefined): string {
  if (content === undefined || content === '') return `<${name}/>`;
  const candidate = `<${name}>${content}</${name}>`;
  // Not well-formed as content: treat it as plain text, the way a string initial value reads.
  return parseBoundedXml(candidate, DATA_XML_LIMITS).ok ? candidate : `<${name}>${escapeXmlText(content)}</${name}>`;
}

function byIndex(a: Variable, b: Variable): number {
  return a.index - b.index;
}

/**
 * A net instance's initial data: input parameters (valued from `inputXml`, whose root's children
 * are matched by name) then local variables with their initial values, each once.
 */
export function initialNetData(net: NetDecomposition, inputXml?: string): string {
  const given = new Map<string, string>();
  if (inputXml) {
    for (const child of childElements(inputXml)) given.set(rootName(child), child);
  }
  const seen = new Set<string>();
  const children: string[] = [];
  for (const param of [...net.inputParams].sort(byIndex)) {
    if (seen.has(param.name)) continue;
    seen.add(param.name);
    children.push(given.get(param.name) ?? variableElement(param.name, param.initialValue ?? param.defaultValue));
  }
  for (const local of [...net.localVariables].sort(byIndex)) {
    if (seen.has(local.name)) continue;
    seen.add(local.name);
    children.push(variableElement(local.name, local.initialValue));
  }
  return buildDocument(net.id, children);
}

/** A task's input document (root = decomposition id) from its starting mappings over net data. */
export function buildTaskInput(netData: string, decompositionId: string, mappings: readonly Mapping[]): string {
  return buildDocument(
    decompositionId,
    mappings.map((mapping) => evaluateMapping(netData, mapping.expression, mapping.mapsTo)),
  );
}

/** Adds the default values of output parameters the task's output omitted. */
export function withOutputDefaults(outputXml: string, outputParams: readonly Variable[]): string {
  const present = new Set(childElements(outputXml).map(rootName));
  let result = outputXml;
  for (const param of [...outputParams].sort(byIndex)) {
    if (present.has(param.name) || param.defaultValue === undefined) continue;
    result = setVariable(result, variableElement(param.name, param.defaultValue));
  }
  return result;
}

/** Applies completed mappings (evaluated over the task's output document) into the net data. */
export function applyCompletedMappings(netData: string, outputXml: string, mappings: readonly Mapping[]): string {
  let data = netData;
  for (const mapping of mappings) {
    data = setVariable(data, evaluateMapping(outputXml, mapping.expression, mapping.mapsTo));
  }
  return data;
}

/**
 * A number from an MI bound: a literal, or an XQuery over the net data. `unbounded` and
 * YAWL's Integer.MAX_VALUE both read as "no limit".
 */
export function evaluateNumber(dataXml: string, expression: string): number {
  const trimmed = expression.trim();
  if (trimmed === 'unbounded' || trimmed === '2147483647') return Number.POSITIVE_INFINITY;
  if (/^\d+$/.test(trimmed)) return Number.parseInt(trimmed, 10);
  const doc = readDocument(dataXml);
  const value = run(expression, () => fx.evaluateXPathToNumber(expression, doc, null, null, XQUERY));
  if (Number.isNaN(value)) throw new EvaluationError(`"${expression}" is not a number`, expression);
  return value;
}

/**
 * MI splitting: `input.expression` over the net data yields the aggregate element; the
 * `splittingExpression` over a document rooted at that aggregate yields one element per
 * instance, each renamed to the task's formal input parameter.
 */
export function splitInstances(netData: string, mi: MultiInstance): string[] {
  const aggregate = evaluateMapping(netData, mi.input.expression);
  return evaluateElements(aggregate, mi.input.splittingExpression).map((item) => renameElement(item, mi.input.formalInputParam));
}

/**
 * MI joining: `formalOutputExpression` picks each completed instance's result from its output
 * document; the results are gathered under a root named after the decomposition, and the
 * `outputJoiningExpression` over that document yields the element stored in the net variable
 * `resultAppliedToLocalVariable`.
 */
export function joinInstances(decompositionId: string, instanceOutputs: readonly string[], mi: MultiInstance): string | undefined {
  const output = mi.output;
  if (!output) return undefined;
  const gathered = instanceOutputs.flatMap((instance) => evaluateElements(instance, output.formalOutputExpression));
  return evaluateMapping(buildDocument(decompositionId, gathered), output.outputJoiningExpression, output.resultAppliedToLocalVariable);
}
