/**
 * The one XML parser for everything a tenant can send or make the engine build: saxes events
 * turned into a slimdom document, with every limit checked as the event arrives, so a hostile
 * document (deep nesting, thousands of attributes, a flood of elements, a huge text, a DOCTYPE)
 * is refused after reading only as far as the limit, before any DOM node is built.
 *
 * No DOCTYPE is accepted at all: YAWL documents never carry one, and refusing it rules out
 * entity expansion and external entities whatever the parser would do with them.
 */
import { SaxesParser, type SaxesAttributeNS, type SaxesTagNS } from 'saxes';
import { Document, type Element } from 'slimdom';

export interface XmlLimits {
  /** UTF-8 size of the whole document. */
  maxBytes: number;
  /** Nesting of elements, the root being depth 1. */
  maxDepth: number;
  maxAttributesPerElement: number;
  maxElements: number;
  /** Characters in one text run, CDATA section, comment, processing instruction or attribute value. */
  maxTextLength: number;
}

/**
 * Defaults for a specification set upload. The largest real YAWL file we know (orderfulfillment,
 * 0.26 MB) has ~4,600 elements; building the DOM costs microseconds per element, so the element
 * bound is what keeps a refusal of a flood of them within a few hundred milliseconds.
 */
export const SPECIFICATION_XML_LIMITS: Readonly<XmlLimits> = Object.freeze({
  maxBytes: 5 * 1024 * 1024,
  maxDepth: 64,
  maxAttributesPerElement: 64,
  maxElements: 20_000,
  maxTextLength: 1_000_000,
});

/**
 * Defaults for net and work-item data documents. Their content comes from tenants' case data
 * (checked JSON) and the specification, so they get the same shape bounds with room for data.
 */
export const DATA_XML_LIMITS: Readonly<XmlLimits> = Object.freeze({
  maxBytes: 16 * 1024 * 1024,
  maxDepth: 64,
  maxAttributesPerElement: 64,
  maxElements: 100_000,
  maxTextLength: 4_000_000,
});

export type XmlLimitName = keyof XmlLimits;

export type XmlParseFailure =
  | { ok: false; kind: 'limit'; limit: XmlLimitName; value: number; line: number; message: string }
  | { ok: false; kind: 'doctype'; line: number; message: string }
  | { ok: false; kind: 'malformed'; line?: number; message: string };

export type XmlParseResult = { ok: true; document: Document } | XmlParseFailure;

const XMLNS = 'http://www.w3.org/2000/xmlns/';

/** Thrown from inside a saxes handler to stop the parse at once; never escapes this module. */
class Refusal extends Error {
  constructor(readonly failure: XmlParseFailure) {
    super(failure.message);
  }
}

/** UTF-8 length, stopping early once past `limit` (the string is at most 3 bytes per UTF-16 unit). */
function utf8LengthExceeds(text: string, limit: number): boolean {
  if (text.length > limit) return true;
  if (text.length * 3 <= limit) return false;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // A surrogate pair is 4 bytes: 2 counted here for each half.
    bytes += code < 0x80 ? 1 : code < 0x800 || (code >= 0xd800 && code <= 0xdfff) ? 2 : 3;
    if (bytes > limit) return true;
  }
  return false;
}

const LIMIT_NOUNS: Record<XmlLimitName, string> = {
  maxBytes: 'bytes in the document',
  maxDepth: 'levels of element nesting',
  maxAttributesPerElement: 'attributes on one element',
  maxElements: 'elements',
  maxTextLength: 'characters in one text, comment or attribute value',
};

function limitFailure(limit: XmlLimitName, value: number, line: number): XmlParseFailure {
  const where = line > 0 ? ` (line ${line})` : '';
  return { ok: false, kind: 'limit', limit, value, line, message: `The XML has more than ${value} ${LIMIT_NOUNS[limit]}: ${limit} is ${value}${where}` };
}

/**
 * What the reading pass saw, replayed into a DOM once the whole document is known to be within
 * its limits: building DOM nodes is what costs, so a refused document costs only the reading.
 */
type Event =
  | { kind: 'open'; tag: SaxesTagNS }
  | { kind: 'close' }
  | { kind: 'text' | 'cdata' | 'comment'; text: string }
  | { kind: 'pi'; target: string; body: string };

/** Parses `xml` into a slimdom document within `limits`; the first limit crossed ends the parse. */
export function parseBoundedXml(xml: string, limits: Readonly<XmlLimits>): XmlParseResult {
  if (utf8LengthExceeds(xml, limits.maxBytes)) return limitFailure('maxBytes', limits.maxBytes, 0);
  const read = readEvents(xml, limits);
  return read.ok ? { ok: true, document: build(read.events) } : read;
}

function readEvents(xml: string, limits: Readonly<XmlLimits>): { ok: true; events: Event[] } | XmlParseFailure {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const events: Event[] = [];
  let depth = 0;
  let elements = 0;
  let attributes = 0;
  const refuse = (limit: XmlLimitName): never => {
    throw new Refusal(limitFailure(limit, limits[limit], parser.line));
  };
  const checkText = (text: string): void => {
    if (text.length > limits.maxTextLength) refuse('maxTextLength');
  };
  parser.on('doctype', () => {
    throw new Refusal({ ok: false, kind: 'doctype', line: parser.line, message: `A DOCTYPE is not accepted (line ${parser.line})` });
  });
  parser.on('opentagstart', () => {
    if (++depth > limits.maxDepth) refuse('maxDepth');
    if (++elements > limits.maxElements) refuse('maxElements');
    attributes = 0;
  });
  parser.on('attribute', (attribute) => {
    if (++attributes > limits.maxAttributesPerElement) refuse('maxAttributesPerElement');
    checkText(attribute.value);
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    events.push({ kind: 'open', tag });
  });
  parser.on('closetag', () => {
    depth--;
    events.push({ kind: 'close' });
  });
  parser.on('text', (text) => {
    // Whitespace outside the root element is no part of the document's content.
    if (depth === 0) return;
    checkText(text);
    events.push({ kind: 'text', text });
  });
  parser.on('cdata', (text) => {
    checkText(text);
    events.push({ kind: 'cdata', text });
  });
  parser.on('comment', (text) => {
    checkText(text);
    events.push({ kind: 'comment', text });
  });
  parser.on('processinginstruction', (pi) => {
    checkText(pi.body);
    events.push({ kind: 'pi', target: pi.target, body: pi.body });
  });
  try {
    parser.write(xml).close();
  } catch (error) {
    if (error instanceof Refusal) return error.failure;
    return { ok: false, kind: 'malformed', line: parser.line, message: error instanceof Error ? error.message : String(error) };
  }
  return { ok: true, events };
}

function build(events: readonly Event[]): Document {
  const document = new Document();
  let current: Document | Element = document;
  for (const event of events) {
    switch (event.kind) {
      case 'open': {
        const { tag } = event;
        const element = document.createElementNS(tag.uri === '' ? null : tag.uri, tag.name);
        for (const attribute of Object.values<SaxesAttributeNS>(tag.attributes)) {
          const namespace = attribute.uri === '' ? (attribute.name === 'xmlns' ? XMLNS : null) : attribute.uri;
          element.setAttributeNS(namespace, attribute.name, attribute.value);
        }
        current.appendChild(element);
        current = element;
        break;
      }
      case 'close': {
        const parent = current.parentNode;
        if (parent !== null) current = parent as Document | Element;
        break;
      }
      case 'text':
        current.appendChild(document.createTextNode(event.text));
        break;
      case 'cdata':
        current.appendChild(document.createCDATASection(event.text));
        break;
      case 'comment':
        current.appendChild(document.createComment(event.text));
        break;
      case 'pi':
        current.appendChild(document.createProcessingInstruction(event.target, event.body));
        break;
    }
  }
  return document;
}
