/**
 * The few DOM operations the YAWL parser, exporter and data converter need, over slimdom (a
 * pure-JS DOM) as built by the bounded parser. Kept in one place so the rest of the code
 * never touches DOM node types directly.
 */
import { serializeToWellFormedString, type Element } from 'slimdom';
import { DATA_XML_LIMITS, parseBoundedXml, type XmlLimits, type XmlParseResult } from './xml-bounded.js';

export type { Element };

export const XSI_NAMESPACE = 'http://www.w3.org/2001/XMLSchema-instance';

const ELEMENT_NODE = 1;

/**
 * Parses XML within `limits` (data-document limits unless told otherwise); a malformed
 * document's message carries the parser's `line:column` prefix.
 */
export function parseXml(xml: string, limits: Readonly<XmlLimits> = DATA_XML_LIMITS): XmlParseResult {
  return parseBoundedXml(xml, limits);
}

/** Child elements, optionally only those with the given local name (and namespace, when given). */
export function childElements(parent: Element, localName?: string, namespace?: string): Element[] {
  const result: Element[] = [];
  for (const node of parent.childNodes) {
    if (node.nodeType !== ELEMENT_NODE) continue;
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- an element node (nodeType checked above) from the slimdom parser
    const element = node as Element;
    if (localName !== undefined && element.localName !== localName) continue;
    if (namespace !== undefined && element.namespaceURI !== namespace) continue;
    result.push(element);
  }
  return result;
}

export function firstChild(parent: Element, localName: string, namespace?: string): Element | undefined {
  return childElements(parent, localName, namespace)[0];
}

/** The text content of an element (all descendant text). */
export function textOf(element: Element): string {
  return element.textContent ?? '';
}

/** The text of a named child, or undefined when the child is absent. */
export function childText(parent: Element, localName: string, namespace?: string): string | undefined {
  const child = firstChild(parent, localName, namespace);
  return child === undefined ? undefined : textOf(child);
}

export function attr(element: Element, name: string): string | undefined {
  return element.getAttribute(name) ?? undefined;
}

/** A QName-valued attribute such as xsi:type, with any prefix dropped. */
export function localPart(qname: string): string {
  const colon = qname.indexOf(':');
  return colon < 0 ? qname : qname.slice(colon + 1);
}

/**
 * The serialized children of an element. Each child is serialized on its own, so namespace
 * declarations it relies on (e.g. the `xs` prefix declared on `xs:schema`) are written onto it,
 * making the result self-contained whatever prefix or default namespace the source used.
 */
export function innerXml(element: Element): string {
  return element.childNodes.map((node) => serializeToWellFormedString(node)).join('').trim();
}

export function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;').replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

/** Characters XML 1.0 cannot carry at all, even escaped. */
export function hasInvalidXmlChars(value: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(value);
}
