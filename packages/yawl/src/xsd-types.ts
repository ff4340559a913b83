/**
 * Reads the custom data types a specification declares in its `xs:schema` into a small type
 * table: simple types as restrictions of a built-in, complex types as sequences of elements.
 * That is the subset YAWL specifications use in practice; anything else is recorded as
 * unsupported so using it fails loudly rather than converting data wrongly.
 */
import { XSD_NAMESPACE } from './model.js';
import { type Element, attr, childElements, localPart, parseXml } from './xml.js';

/** How a built-in XSD type's values are represented in JSON. */
export type ValueKind = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'dateTime' | 'time' | 'duration';

interface BuiltinInfo {
  kind: ValueKind;
  min?: bigint;
  max?: bigint;
}

const STRINGS = ['string', 'normalizedString', 'token', 'language', 'Name', 'NCName', 'ID', 'IDREF', 'IDREFS', 'NMTOKEN',
  'NMTOKENS', 'ENTITY', 'anyURI', 'QName', 'NOTATION', 'gYear', 'gYearMonth', 'gMonth', 'gMonthDay', 'gDay',
  'base64Binary', 'hexBinary', 'anySimpleType'];
const I64 = 2n ** 63n;

const BUILTINS: Record<string, BuiltinInfo> = {
  ...Object.fromEntries(STRINGS.map((name) => [name, { kind: 'string' }])),
  boolean: { kind: 'boolean' },
  decimal: { kind: 'number' },
  double: { kind: 'number' },
  float: { kind: 'number' },
  integer: { kind: 'integer' },
  long: { kind: 'integer', min: -I64, max: I64 - 1n },
  int: { kind: 'integer', min: -(2n ** 31n), max: 2n ** 31n - 1n },
  short: { kind: 'integer', min: -32768n, max: 32767n },
  byte: { kind: 'integer', min: -128n, max: 127n },
  nonNegativeInteger: { kind: 'integer', min: 0n },
  positiveInteger: { kind: 'integer', min: 1n },
  nonPositiveInteger: { kind: 'integer', max: 0n },
  negativeInteger: { kind: 'integer', max: -1n },
  unsignedLong: { kind: 'integer', min: 0n, max: 2n ** 64n - 1n },
  unsignedInt: { kind: 'integer', min: 0n, max: 2n ** 32n - 1n },
  unsignedShort: { kind: 'integer', min: 0n, max: 65535n },
  unsignedByte: { kind: 'integer', min: 0n, max: 255n },
  date: { kind: 'date' },
  dateTime: { kind: 'dateTime' },
  time: { kind: 'time' },
  duration: { kind: 'duration' },
};

export function builtinType(name: string): BuiltinInfo | undefined {
  return Object.hasOwn(BUILTINS, name) ? BUILTINS[name] : undefined;
}

/**
 * Kept as strings for lack of checks, but their values have a form an empty string breaks
 * (the binary types, whose empty value is valid, are not among them).
 */
const NO_EMPTY_VALUE = new Set([
  'gYear', 'gYearMonth', 'gMonth', 'gMonthDay', 'gDay',
  'Name', 'NCName', 'QName', 'language', 'ID', 'IDREF', 'IDREFS', 'NMTOKEN', 'NMTOKENS', 'ENTITY', 'ENTITIES', 'NOTATION',
]);

/**
 * The value a built-in type gives a parameter nobody supplied (a skipped or timer-completed
 * item's output-only parameter). YAWL's JDOMUtil.getDefaultValueForType answers "0" for all but
 * string and boolean, which is no value at all of a date or a positiveInteger; here a numeric
 * type gets 0 or, when 0 is out of its range, the value of its range nearest to 0. Types whose
 * values cannot be made up (dates, times, durations, gregorian types, XML names) have none:
 * undefined, as for a name that is not a built-in.
 */
export function builtinDefault(name: string): string | undefined {
  if (name === 'anyType') return '';
  const info = builtinType(name);
  if (info === undefined || NO_EMPTY_VALUE.has(name)) return undefined;
  switch (info.kind) {
    case 'string':
      return '';
    case 'boolean':
      return 'false';
    case 'number':
      return '0';
    case 'integer':
      if (info.min !== undefined && info.min > 0n) return info.min.toString();
      if (info.max !== undefined && info.max < 0n) return info.max.toString();
      return '0';
    default:
      return undefined;
  }
}

export interface SimpleTypeDef {
  kind: 'simple';
  /** The built-in type it ultimately restricts. */
  base: string;
  enumeration?: string[];
  patterns?: string[];
  minInclusive?: number;
  maxInclusive?: number;
  minExclusive?: number;
  maxExclusive?: number;
  minLength?: number;
  maxLength?: number;
}

export interface ElementDef {
  name: string;
  /** A built-in name, or a key of the type table (declared or anonymous type). */
  type: string;
  minOccurs: number;
  maxOccurs: number;
}

export interface ComplexTypeDef {
  kind: 'complex';
  elements: ElementDef[];
}

export interface UnsupportedTypeDef {
  kind: 'unsupported';
  reason: string;
}

export type TypeDef = SimpleTypeDef | ComplexTypeDef | UnsupportedTypeDef;

export type TypeTable = Map<string, TypeDef>;

/** YAWL's own data types, usable in any specification without declaring them. */
function yawlInternalTypes(): [string, TypeDef][] {
  const one = (name: string, type: string, minOccurs = 1): ElementDef => ({ name, type, minOccurs, maxOccurs: 1 });
  return [
    ['YTimerType', { kind: 'complex', elements: [one('trigger', 'string'), one('expiry', 'string'), one('workdays', 'boolean', 0)] }],
    ['YDocumentType', { kind: 'complex', elements: [one('id', 'long', 0), one('name', 'string')] }],
    ['YStringListType', { kind: 'complex', elements: [{ name: 'item', type: 'string', minOccurs: 0, maxOccurs: Infinity }] }],
  ];
}

export const YAWL_INTERNAL_TYPES: readonly string[] = yawlInternalTypes().map(([name]) => name);

/** Parses a specification's schema (the inner XML of its `xs:schema`) into a type table. */
export function readSchema(schema: string): { ok: true; types: TypeTable } | { ok: false; message: string } {
  const types: TypeTable = new Map(yawlInternalTypes());
  if (schema.trim() === '') return { ok: true, types };
  const parsed = parseXml(`<xs:schema xmlns:xs="${XSD_NAMESPACE}">${schema}</xs:schema>`);
  if (!parsed.ok) return { ok: false, message: parsed.message };
  const root = parsed.document.documentElement;
  if (root === null) return { ok: false, message: 'empty schema' };
  const reader = new SchemaReader(types);
  for (const child of childElements(root, undefined, XSD_NAMESPACE)) {
    const name = attr(child, 'name');
    if (name === undefined) continue;
    if (child.localName === 'complexType') types.set(name, reader.complex(child));
    else if (child.localName === 'simpleType') types.set(name, reader.simple(child));
  }
  return { ok: true, types };
}

class SchemaReader {
  private anonymous = 0;

  constructor(private readonly types: TypeTable) {}

  /** A type reference: built-ins by local name, declared types by name. */
  private reference(element: Element, qname: string): string {
    const colon = qname.indexOf(':');
    const prefix = colon < 0 ? null : qname.slice(0, colon);
    const namespace = element.lookupNamespaceURI(prefix);
    const local = localPart(qname);
    return namespace === XSD_NAMESPACE && builtinType(local) === undefined ? `xs:${local}` : local;
  }

  complex(element: Element): TypeDef {
    const content = childElements(element, undefined, XSD_NAMESPACE).filter((child) => child.localName !== 'annotation');
    if (content.length === 0) return { kind: 'complex', elements: [] };
    const [group] = content;
    if (content.length > 1 || group === undefined || (group.localName !== 'sequence' && group.localName !== 'all')) {
      return { kind: 'unsupported', reason: `complex type content <xs:${content.map((c) => c.localName).join('>, <xs:')}>` };
    }
    const elements: ElementDef[] = [];
    for (const particle of childElements(group, undefined, XSD_NAMESPACE)) {
      if (particle.localName === 'annotation') continue;
      const name = attr(particle, 'name');
      if (particle.localName !== 'element' || name === undefined) {
        return { kind: 'unsupported', reason: `<xs:${particle.localName}> inside a sequence` };
      }
      const max = attr(particle, 'maxOccurs') ?? '1';
      elements.push({
        name,
        type: this.elementType(particle),
        minOccurs: Number(attr(particle, 'minOccurs') ?? '1'),
        maxOccurs: max === 'unbounded' ? Infinity : Number(max),
      });
    }
    return { kind: 'complex', elements };
  }

  private elementType(particle: Element): string {
    const type = attr(particle, 'type');
    if (type !== undefined) return this.reference(particle, type);
    const inline = childElements(particle, undefined, XSD_NAMESPACE).find((c) => c.localName === 'complexType' || c.localName === 'simpleType');
    if (inline === undefined) return 'string';
    const key = `#anonymous${++this.anonymous}`;
    this.types.set(key, inline.localName === 'complexType' ? this.complex(inline) : this.simple(inline));
    return key;
  }

  simple(element: Element): TypeDef {
    const restriction = childElements(element, 'restriction', XSD_NAMESPACE)[0];
    const base = restriction === undefined ? undefined : attr(restriction, 'base');
    if (restriction === undefined || base === undefined) return { kind: 'unsupported', reason: 'simple type other than a restriction' };
    const baseRef = this.reference(restriction, base);
    const baseDef = this.types.get(baseRef);
    const def: SimpleTypeDef = baseDef?.kind === 'simple' ? { ...baseDef } : { kind: 'simple', base: baseRef };
    if (baseDef !== undefined && baseDef.kind !== 'simple') return { kind: 'unsupported', reason: `restriction of ${baseRef}` };
    if (baseDef === undefined && builtinType(baseRef) === undefined) {
      return { kind: 'unsupported', reason: `restriction of unknown or later-declared type ${baseRef}` };
    }
    const enumeration: string[] = [];
    const patterns: string[] = [];
    for (const facet of childElements(restriction, undefined, XSD_NAMESPACE)) {
      const value = attr(facet, 'value') ?? '';
      const name = facet.localName;
      if (name === 'enumeration') enumeration.push(value);
      else if (name === 'pattern') patterns.push(value);
      else if (name === 'minInclusive' || name === 'maxInclusive' || name === 'minExclusive' || name === 'maxExclusive'
        || name === 'minLength' || name === 'maxLength') def[name] = Number(value);
      else if (name === 'length') def.minLength = def.maxLength = Number(value);
      else if (name !== 'annotation' && name !== 'whiteSpace') return { kind: 'unsupported', reason: `facet xs:${name}` };
    }
    if (enumeration.length > 0) def.enumeration = enumeration;
    if (patterns.length > 0) def.patterns = [...(def.patterns ?? []), ...patterns];
    return def;
  }
}

/** Whether a variable's declared type is a built-in or declared type; `xs:`-prefixed names count as built-ins. */
export function isKnownType(type: string, types: TypeTable): boolean {
  return types.has(type) || builtinType(localPart(type)) !== undefined;
}

const ISO_DURATION = /^-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;
const ZONE = '(Z|[+-](0\\d|1[0-4]):[0-5]\\d)?';
const DATE = /^(-?\d{4,})-(\d{2})-(\d{2})/;
const TIME = '([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d+)?';

export function isIsoDuration(value: string): boolean {
  return ISO_DURATION.test(value);
}

/** A real calendar date at the start of `value` (so 2023-02-30 is rejected). */
function validDatePart(value: string): boolean {
  const match = DATE.exec(value);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return month >= 1 && month <= 12 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function isIsoDate(value: string): boolean {
  return new RegExp(`^-?\\d{4,}-\\d{2}-\\d{2}${ZONE}$`).test(value) && validDatePart(value);
}

export function isIsoDateTime(value: string): boolean {
  return new RegExp(`^-?\\d{4,}-\\d{2}-\\d{2}T${TIME}${ZONE}$`).test(value) && validDatePart(value);
}

export function isIsoTime(value: string): boolean {
  return new RegExp(`^${TIME}${ZONE}$`).test(value);
}
