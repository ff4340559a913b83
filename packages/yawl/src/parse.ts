/**
 * Parses YAWL specification XML (schema 2.x–4.0) into the model of `model.ts`. Pure: the XML
 * comes in as a string. Unknown or unsupported constructs are reported rather than dropped
 * silently: errors make the parse fail, warnings travel with the parsed set.
 */
import {
  MODEL_FORMAT,
  type Decomposition,
  type Specification,
  type SpecificationMeta,
  type SpecificationSet,
  type Variable,
  type VerificationIssue,
  XSD_NAMESPACE,
  YAWL_NAMESPACE,
} from './model.js';
import { ParseContext, warnIgnored, yawlChild, yawlChildren, yawlText, yawlTrimmed } from './parse-context.js';
import { parseNet } from './parse-net.js';
import { type Element, XSI_NAMESPACE, attr, firstChild, innerXml, localPart, parseXml } from './xml.js';
import { SPECIFICATION_XML_LIMITS, type XmlLimits, type XmlParseFailure } from './xml-bounded.js';

export type ParseResult =
  | { ok: true; set: SpecificationSet; warnings: VerificationIssue[] }
  | { ok: false; issues: VerificationIssue[] };

/** Schema versions whose specifications share the 4.0 shape this parser reads. */
export const SUPPORTED_SCHEMA_VERSIONS: readonly string[] = ['2.0', '2.1', '2.2', '3.0', '4.0'];

const SET_ID = 'specificationSet';

export interface ParseOptions {
  /** Bounds on the document, checked while it is read; SPECIFICATION_XML_LIMITS by default. */
  limits?: Readonly<XmlLimits>;
}

export function parseSpecificationSet(xml: string, options: ParseOptions = {}): ParseResult {
  const parsed = parseXml(xml, options.limits ?? SPECIFICATION_XML_LIMITS);
  if (!parsed.ok) return { ok: false, issues: [xmlIssue(parsed)] };
  const root = parsed.document.documentElement;
  if (root === null || root.localName !== 'specificationSet' || root.namespaceURI !== YAWL_NAMESPACE) {
    const found = root === null ? 'nothing' : `{${root.namespaceURI ?? ''}}${root.localName}`;
    return {
      ok: false,
      issues: [issue(SET_ID, 'NOT_YAWL', `Root element must be {${YAWL_NAMESPACE}}specificationSet, found ${found}`)],
    };
  }
  const schemaVersion = attr(root, 'version') ?? '';
  if (!SUPPORTED_SCHEMA_VERSIONS.includes(schemaVersion)) {
    return {
      ok: false,
      issues: [
        issue(SET_ID, 'UNSUPPORTED_SCHEMA_VERSION', `Schema version "${schemaVersion}" is not one of ${SUPPORTED_SCHEMA_VERSIONS.join(', ')}`),
      ],
    };
  }
  const context = new ParseContext();
  const specifications = yawlChildren(root, 'specification').map((element) => parseSpecification(context, element));
  if (specifications.length === 0) context.error(SET_ID, 'NO_SPECIFICATION', 'The set holds no specification');
  if (context.hasErrors) return { ok: false, issues: context.issues };
  return { ok: true, set: { schemaVersion, specifications }, warnings: context.issues };
}

function issue(elementId: string, code: string, message: string): VerificationIssue {
  return { severity: 'error', elementId, code, message };
}

/** The issue for a document the bounded parser refused. */
export function xmlIssue(failure: XmlParseFailure): VerificationIssue {
  switch (failure.kind) {
    case 'limit':
      return { ...issue(SET_ID, 'XML_LIMIT_EXCEEDED', failure.message), line: failure.line, limit: { name: failure.limit, value: failure.value } };
    case 'doctype':
      return { ...issue(SET_ID, 'XML_DOCTYPE_FORBIDDEN', failure.message), line: failure.line };
    default:
      return { ...issue(SET_ID, 'XML_MALFORMED', `Malformed XML: ${failure.message}`), ...(failure.line === undefined ? {} : { line: failure.line }) };
  }
}

function parseSpecification(context: ParseContext, element: Element): Specification {
  const uri = attr(element, 'uri') ?? '';
  if (uri === '') context.error(SET_ID, 'MISSING_ATTRIBUTE', 'A specification has no uri');
  const decompositions: Record<string, Decomposition> = {};
  let rootNetId = '';
  for (const child of yawlChildren(element, 'decomposition')) {
    const decomposition = parseDecomposition(context, child);
    if (decomposition === undefined) continue;
    if (decompositions[decomposition.id] !== undefined) {
      context.error(decomposition.id, 'DUPLICATE_ID', `Decomposition id "${decomposition.id}" is used twice`);
      continue;
    }
    decompositions[decomposition.id] = decomposition;
    if (decomposition.kind === 'net' && decomposition.isRootNet && rootNetId === '') rootNetId = decomposition.id;
  }
  const schemaElement = firstChild(element, 'schema', XSD_NAMESPACE);
  const spec: Specification = {
    format: MODEL_FORMAT,
    uri,
    meta: parseMeta(yawlChild(element, 'metaData')),
    schema: schemaElement === undefined ? '' : innerXml(schemaElement),
    rootNetId,
    decompositions,
  };
  const name = yawlText(element, 'name');
  if (name !== undefined) spec.name = name;
  const documentation = yawlText(element, 'documentation');
  if (documentation !== undefined) spec.documentation = documentation;
  return spec;
}

function parseMeta(element: Element | undefined): SpecificationMeta {
  if (element === undefined) return { version: '0.1' };
  const meta: SpecificationMeta = { version: yawlTrimmed(element, 'version') ?? '0.1' };
  const title = yawlText(element, 'title');
  if (title !== undefined) meta.title = title;
  const creators = yawlChildren(element, 'creator').map((child) => child.textContent ?? '');
  if (creators.length > 0) meta.creator = creators;
  const description = yawlText(element, 'description');
  if (description !== undefined) meta.description = description;
  const identifier = yawlTrimmed(element, 'identifier');
  if (identifier !== undefined) meta.identifier = identifier;
  const persistent = yawlTrimmed(element, 'persistent');
  if (persistent !== undefined) meta.persistent = persistent === 'true' || persistent === '1';
  return meta;
}

function parseDecomposition(context: ParseContext, element: Element): Decomposition | undefined {
  const id = attr(element, 'id') ?? '';
  if (id === '') {
    context.error(SET_ID, 'MISSING_ATTRIBUTE', 'A decomposition has no id');
    return undefined;
  }
  const xsiType = localPart(element.getAttributeNS(XSI_NAMESPACE, 'type') ?? '');
  const base = {
    id,
    inputParams: parseVariables(context, id, yawlChildren(element, 'inputParam')),
    outputParams: parseVariables(context, id, yawlChildren(element, 'outputParam')),
  };
  const name = yawlText(element, 'name');
  const documentation = yawlText(element, 'documentation');
  const named = { ...base, ...(name === undefined ? {} : { name }), ...(documentation === undefined ? {} : { documentation }) };
  if (xsiType === 'NetFactsType') {
    if (yawlChild(element, 'externalDataGateway') !== undefined) {
      context.error(id, 'UNSUPPORTED_DATA_GATEWAY', `Net "${id}" loads its data through an external data gateway`);
    }
    return parseNet(context, element, {
      ...named,
      kind: 'net',
      isRootNet: attr(element, 'isRootNet') === 'true',
      localVariables: parseVariables(context, id, yawlChildren(element, 'localVariable')),
    });
  }
  if (xsiType === 'WebServiceGatewayFactsType') {
    const interaction = yawlTrimmed(element, 'externalInteraction') ?? 'manual';
    if (interaction !== 'manual' && interaction !== 'automated') {
      context.error(id, 'INVALID_VALUE', `externalInteraction "${interaction}" is neither manual nor automated`);
    }
    const service = yawlChild(element, 'yawlService');
    if (service !== undefined) {
      context.warning(id, 'UNSUPPORTED_YAWL_SERVICE',
        `Decomposition "${id}" is bound to custom service ${attr(service, 'id') ?? '?'}; the engine runs it as an ordinary work item`);
    }
    warnIgnored(context, element, ['enablementParam'], id, 'UNSUPPORTED_ENABLEMENT_PARAM', `Decomposition "${id}"`);
    const codelet = yawlTrimmed(element, 'codelet');
    return {
      ...named,
      kind: 'task',
      externalInteraction: interaction === 'automated' ? 'automated' : 'manual',
      ...(codelet === undefined ? {} : { codelet }),
    };
  }
  context.error(id, 'UNSUPPORTED_DECOMPOSITION_TYPE', `Decomposition "${id}" has unsupported xsi:type "${xsiType}"`);
  return undefined;
}

function parseVariables(context: ParseContext, ownerId: string, elements: Element[]): Variable[] {
  return elements.flatMap((element) => {
    const name = yawlTrimmed(element, 'name');
    const type = yawlTrimmed(element, 'type');
    if (name === undefined || type === undefined) {
      // `element`- and `isUntyped`-declared variables carry no XSD type the data layer could check.
      context.error(ownerId, 'UNSUPPORTED_VARIABLE',
        `A variable of "${ownerId}" has no name/type pair (untyped or element-declared variables are not supported)`);
      return [];
    }
    const variable: Variable = { name, type, index: Number.parseInt(yawlTrimmed(element, 'index') ?? '0', 10) || 0 };
    const namespace = yawlTrimmed(element, 'namespace');
    if (namespace !== undefined) variable.namespace = namespace;
    const initialValue = yawlText(element, 'initialValue');
    if (initialValue !== undefined) variable.initialValue = initialValue;
    const defaultValue = yawlText(element, 'defaultValue');
    if (defaultValue !== undefined) variable.defaultValue = defaultValue;
    if (yawlChild(element, 'mandatory') !== undefined) variable.mandatory = true;
    const documentation = yawlText(element, 'documentation');
    if (documentation !== undefined) variable.documentation = documentation;
    return [variable];
  });
}
