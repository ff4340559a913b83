/**
 * Converts case data between JSON (what clients send and see) and YAWL's XML data documents,
 * driven by the declared variable types: XSD built-ins and the types declared in the
 * specification's schema. JSON to XML is strict and reports every bad field; XML to JSON is
 * lenient, keeping a value's text when it does not fit its type, since that data is the engine's.
 */
import { RE2JS } from 're2js';
import { type Variable } from './model.js';
import { type Element, childElements, escapeText, hasInvalidXmlChars, localPart, parseXml } from './xml.js';
import {
  type SimpleTypeDef,
  type TypeDef,
  type TypeTable,
  type ValueKind,
  builtinType,
  isIsoDate,
  isIsoDateTime,
  isIsoDuration,
  isIsoTime,
  readSchema,
} from './xsd-types.js';

export interface FieldError {
  /** Dotted path to the value, with array indexes, e.g. `Order.Lines[2].Quantity`. */
  field: string;
  message: string;
}

export type JsonToXmlResult = { ok: true; xml: string } | { ok: false; errors: FieldError[] };

function byIndex(variables: Variable[]): Variable[] {
  return [...variables].sort((a, b) => a.index - b.index);
}

/** A variable type's definition: a schema-declared type wins over a built-in of the same name. */
function resolve(type: string, types: TypeTable): TypeDef | undefined {
  const declared = types.get(type);
  if (declared !== undefined) return declared;
  const local = localPart(type);
  return builtinType(local) === undefined ? undefined : { kind: 'simple', base: local };
}

export function jsonToXml(rootName: string, variables: Variable[], json: Record<string, unknown>, schema: string): JsonToXmlResult {
  const table = readSchema(schema);
  if (!table.ok) return { ok: false, errors: [{ field: '', message: `schema does not parse: ${table.message}` }] };
  const errors: FieldError[] = [];
  const known = new Set(variables.map((v) => v.name));
  for (const key of Object.keys(json)) {
    if (!known.has(key)) errors.push({ field: key, message: 'unknown field' });
  }
  const parts: string[] = [];
  for (const variable of byIndex(variables)) {
    const value = json[variable.name];
    if (value === undefined || value === null) {
      if (variable.mandatory === true) errors.push({ field: variable.name, message: 'required' });
      continue;
    }
    const encoded = new Encoder(table.types, errors).encode(value, variable.type, variable.name);
    if (encoded !== undefined) parts.push(`<${variable.name}>${encoded}</${variable.name}>`);
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, xml: `<${rootName}>${parts.join('')}</${rootName}>` };
}

class Encoder {
  constructor(private readonly types: TypeTable, private readonly errors: FieldError[]) {}

  private fail(field: string, message: string): undefined {
    this.errors.push({ field, message });
    return undefined;
  }

  /** The XML content for a value of the given type, or undefined after recording an error. */
  encode(value: unknown, type: string, field: string): string | undefined {
    const def = resolve(type, this.types);
    if (def === undefined) return this.fail(field, `unknown type ${type}`);
    if (def.kind === 'unsupported') return this.fail(field, `type ${type} uses an unsupported schema construct: ${def.reason}`);
    if (def.kind === 'simple') return this.simple(value, def, field);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return this.fail(field, `expected an object of type ${type}`);
    const record = value as Record<string, unknown>;
    const names = new Set(def.elements.map((e) => e.name));
    for (const key of Object.keys(record)) if (!names.has(key)) this.fail(`${field}.${key}`, 'unknown field');
    let xml = '';
    for (const element of def.elements) {
      const path = `${field}.${element.name}`;
      const child = record[element.name];
      const items = child === undefined || child === null ? [] : element.maxOccurs > 1 ? child : [child];
      if (!Array.isArray(items)) {
        this.fail(path, 'expected an array');
        continue;
      }
      if (items.length < element.minOccurs) {
        this.fail(path, element.maxOccurs > 1 ? `needs at least ${element.minOccurs} items` : 'required');
      }
      if (items.length > element.maxOccurs) this.fail(path, `allows at most ${element.maxOccurs} items`);
      items.forEach((item: unknown, i) => {
        const encoded = this.encode(item, element.type, element.maxOccurs > 1 ? `${path}[${i}]` : path);
        if (encoded !== undefined) xml += `<${element.name}>${encoded}</${element.name}>`;
      });
    }
    return xml;
  }

  private simple(value: unknown, def: SimpleTypeDef, field: string): string | undefined {
    const kind = builtinType(def.base)?.kind ?? 'string';
    const lexical = this.lexical(value, def.base, kind, field);
    if (lexical === undefined) return undefined;
    const problem = facetProblem(lexical, def);
    return problem === undefined ? escapeText(lexical) : this.fail(field, problem);
  }

  private lexical(value: unknown, base: string, kind: ValueKind, field: string): string | undefined {
    switch (kind) {
      case 'boolean':
        return typeof value === 'boolean' ? String(value) : this.fail(field, 'expected a boolean');
      case 'integer': {
        if (typeof value !== 'number' || !Number.isInteger(value)) return this.fail(field, `expected an integer (${base})`);
        const info = builtinType(base);
        const big = BigInt(value);
        if ((info?.min !== undefined && big < info.min) || (info?.max !== undefined && big > info.max)) {
          return this.fail(field, `${value} is out of range for ${base}`);
        }
        return big.toString();
      }
      case 'number':
        if (typeof value !== 'number' || !Number.isFinite(value)) return this.fail(field, `expected a finite number (${base})`);
        // xs:decimal has no exponent notation, which String() would use for very large or small values.
        return base === 'decimal' && /e/i.test(String(value)) ? decimalString(value) : String(value);
      default: {
        if (typeof value !== 'string') return this.fail(field, `expected a string (${base})`);
        if (hasInvalidXmlChars(value)) return this.fail(field, 'contains characters XML cannot carry');
        const check = { date: isIsoDate, dateTime: isIsoDateTime, time: isIsoTime, duration: isIsoDuration, string: undefined }[kind];
        if (check !== undefined && !check(value)) return this.fail(field, `"${value}" is not a valid ${base}`);
        return value;
      }
    }
  }
}

function decimalString(value: number): string {
  if (Number.isInteger(value)) return BigInt(value).toString();
  return value.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}

/**
 * XSD patterns are the tenant's, and run on whatever thread checks data (the calling one included):
 * RE2 matches in time linear in the input, where a backtracking RegExp can take exponential time
 * on a pattern such as (a+)+$. XSD regexes have no backreferences or lookaround, so RE2 loses
 * nothing. Compiled once per pattern (a bounded cache); undefined for one RE2 cannot read.
 */
const PATTERN_CACHE_LIMIT = 256;
const patterns = new Map<string, RE2JS | undefined>();

function patternMatcher(pattern: string): RE2JS | undefined {
  if (patterns.has(pattern)) return patterns.get(pattern);
  let matcher: RE2JS | undefined;
  try {
    // matches() is anchored at both ends, as an XSD pattern is.
    matcher = RE2JS.compile(pattern);
  } catch {
    matcher = undefined;
  }
  if (patterns.size >= PATTERN_CACHE_LIMIT) patterns.delete(patterns.keys().next().value!);
  patterns.set(pattern, matcher);
  return matcher;
}

function facetProblem(lexical: string, def: SimpleTypeDef): string | undefined {
  if (def.enumeration !== undefined && !def.enumeration.includes(lexical)) {
    return `"${lexical}" is not one of ${def.enumeration.map((v) => `"${v}"`).join(', ')}`;
  }
  for (const pattern of def.patterns ?? []) {
    const matcher = patternMatcher(pattern);
    if (matcher === undefined) continue; // An XSD-only regex construct: the pattern cannot be checked here.
    if (!matcher.matches(lexical)) return `"${lexical}" does not match pattern ${pattern}`;
  }
  const n = Number(lexical);
  if (def.minInclusive !== undefined && !(n >= def.minInclusive)) return `must be at least ${def.minInclusive}`;
  if (def.maxInclusive !== undefined && !(n <= def.maxInclusive)) return `must be at most ${def.maxInclusive}`;
  if (def.minExclusive !== undefined && !(n > def.minExclusive)) return `must be greater than ${def.minExclusive}`;
  if (def.maxExclusive !== undefined && !(n < def.maxExclusive)) return `must be less than ${def.maxExclusive}`;
  // XSD lengths count code points, which is what spreading a string yields (not graphemes, not UTF-16 units).
  // eslint-disable-next-line @typescript-eslint/no-misused-spread
  if (def.minLength !== undefined && [...lexical].length < def.minLength) return `must be at least ${def.minLength} characters`;
  // eslint-disable-next-line @typescript-eslint/no-misused-spread -- code points, as above
  if (def.maxLength !== undefined && [...lexical].length > def.maxLength) return `must be at most ${def.maxLength} characters`;
  return undefined;
}

/**
 * Reads a data document (root element with one child per variable) into JSON. Variables absent
 * from the document are absent from the result. Without the schema, declared types are read
 * structurally: nested elements become objects, repeated ones arrays.
 */
export function xmlToJson(variables: Variable[], xml: string, schema = ''): Record<string, unknown> {
  const parsed = parseXml(xml);
  const root = parsed.ok ? parsed.document.documentElement : null;
  if (root === null) throw new Error(`Case data is not well-formed XML: ${parsed.ok ? 'no root element' : parsed.message}`);
  const table = readSchema(schema);
  const types: TypeTable = table.ok ? table.types : new Map<string, TypeDef>();
  const result: Record<string, unknown> = {};
  for (const variable of byIndex(variables)) {
    const element = childElements(root, variable.name)[0];
    if (element !== undefined) result[variable.name] = decode(element, variable.type, types);
  }
  return result;
}

function decode(element: Element, type: string, types: TypeTable): unknown {
  const def = resolve(type, types);
  if (def === undefined || def.kind === 'unsupported') return structural(element);
  if (def.kind === 'simple') return decodeSimple(element.textContent ?? '', builtinType(def.base)?.kind ?? 'string');
  const result: Record<string, unknown> = {};
  for (const child of def.elements) {
    const found = childElements(element, child.name).map((e) => decode(e, child.type, types));
    if (child.maxOccurs > 1) result[child.name] = found;
    else if (found.length > 0) result[child.name] = found[0];
  }
  return result;
}

function decodeSimple(text: string, kind: ValueKind): unknown {
  const trimmed = text.trim();
  if (kind === 'integer' && /^[+-]?\d+$/.test(trimmed)) return Number(trimmed);
  if (kind === 'number' && trimmed !== '' && Number.isFinite(Number(trimmed))) return Number(trimmed);
  if (kind === 'boolean' && (trimmed === 'true' || trimmed === '1')) return true;
  if (kind === 'boolean' && (trimmed === 'false' || trimmed === '0')) return false;
  return kind === 'string' ? text : trimmed;
}

function structural(element: Element): unknown {
  const children = childElements(element);
  if (children.length === 0) return element.textContent ?? '';
  const result: Record<string, unknown> = {};
  for (const child of children) {
    const value = structural(child);
    const existing = result[child.localName];
    if (existing === undefined) result[child.localName] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else result[child.localName] = [existing, value];
  }
  return result;
}
