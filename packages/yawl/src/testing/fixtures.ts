/**
 * Test-only helpers: the specifications written for the tests (./specifications/*.yawl, see
 * specifications.ts) and builders for small hand-written specification XML.
 */
import { YAWL_NAMESPACE } from '../model.js';

export { CONCERT, SHIPMENT, SPECIFICATIONS_DIR, SPECIFICATION_NAMES, readSpecification, type SpecificationName } from './specifications.js';

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

/** A specification set around the given decompositions (and optional schema content). */
export function specXml(decompositions: string, schema = '', version = '4.0'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<specificationSet xmlns="${YAWL_NAMESPACE}" xmlns:xsi="${XSI}" version="${version}">
  <specification uri="Test">
    <metaData><version>0.1</version></metaData>
    <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">${schema}</xs:schema>
    ${decompositions}
  </specification>
</specificationSet>`;
}

export function netXml(id: string, elements: string, options: { root?: boolean; variables?: string } = {}): string {
  const root = options.root ?? true ? ' isRootNet="true"' : '';
  return `<decomposition id="${id}"${root} xsi:type="NetFactsType">${options.variables ?? ''}
    <processControlElements>${elements}</processControlElements>
  </decomposition>`;
}

export function variableXml(tag: string, name: string, type = 'string', index = 0, extra = ''): string {
  return `<${tag}><index>${index}</index><name>${name}</name><type>${type}</type>${extra}</${tag}>`;
}

export function atomicXml(id: string, params = ''): string {
  return `<decomposition id="${id}" xsi:type="WebServiceGatewayFactsType">${params}<externalInteraction>manual</externalInteraction></decomposition>`;
}

export function flowXml(to: string, extra = ''): string {
  return `<flowsInto><nextElementRef id="${to}"/>${extra}</flowsInto>`;
}

/** A task element; `body` goes between the flows and decomposesTo (join/split first). */
export function taskXml(id: string, flows: string[], options: { join?: string; split?: string; body?: string; decomposesTo?: string; type?: string; tail?: string } = {}): string {
  const type = options.type === undefined ? '' : ` xsi:type="${options.type}"`;
  const decomposesTo = options.decomposesTo === undefined ? '' : `<decomposesTo id="${options.decomposesTo}"/>`;
  return `<task id="${id}"${type}>${flows.map((to) => (to.startsWith('<') ? to : flowXml(to))).join('')}
    <join code="${options.join ?? 'xor'}"/><split code="${options.split ?? 'and'}"/>${options.body ?? ''}${decomposesTo}${options.tail ?? ''}</task>`;
}

/** input i -> elements... -> output o; `elements` must route from i to o themselves. */
export function simpleNet(id: string, first: string, elements: string, options: { root?: boolean; variables?: string } = {}): string {
  return netXml(id, `<inputCondition id="${id}_i">${flowXml(first)}</inputCondition>${elements}<outputCondition id="${id}_o"/>`, options);
}
