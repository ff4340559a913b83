import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '@flowgraph/shared';
import { validateSpecificationSchema } from '@flowgraph/yawl';
import { principal, startHarness, type Harness } from '../../../test/support/subgraph-harness.js';
import type { Context } from '../context.js';
import { CONCERT_XML, ORDER_FULFILMENT_XML } from '../data/demo-specifications.js';
import { workflowsOptionsFromEnv, workflowsSubgraph } from '../index.js';

const writer = principal(demo.users.user.id, demo.tenant.id, 'user');
const IMPORT = `mutation($x: String!) { importSpecification(xml: $x) { specifications { id } } }`;

interface Refusal {
  code: string;
  issues: { code: string; message: string; line?: number; limit?: { name: string; value: number } }[];
}

/** The concert demo under another identifier, with `payload` as its documentation (on line 4). */
function concertWith(payload: string, uri = 'urn:test:hostile'): string {
  return CONCERT_XML.replace('urn:flowgraph:demo:organise-concert', uri).replace('<name>Organise concert</name>', `<name>Organise concert</name>\n<documentation>${payload}</documentation>`);
}

describe('importSpecification: bounded XML and schema validation', () => {
  let h: Harness<Context>;
  let tight: Harness<Context>;
  beforeAll(async () => {
    h = await startHarness(workflowsSubgraph());
    // The same service configured from the environment with a small element budget.
    tight = await startHarness(workflowsSubgraph(workflowsOptionsFromEnv({ SPECIFICATION_XML_MAX_ELEMENTS: '40' })));
  });
  afterAll(async () => {
    await h.close();
    await tight.close();
  });

  const rows = async (harness: Harness<Context>) =>
    ((await harness.deps.database.db.execute(sql`select count(*)::int as n from workflows.specifications`)) as { rows: { n: number }[] }).rows[0]!.n;

  async function refused(harness: Harness<Context>, xml: string): Promise<{ refusal: Refusal; ms: number }> {
    const before = await rows(harness);
    const started = performance.now();
    const result = await harness.run(IMPORT, { x: xml }, writer);
    const ms = performance.now() - started;
    expect(result.data).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(await rows(harness)).toBe(before);
    return { refusal: result.errors![0]!.extensions as unknown as Refusal, ms };
  }

  it('refuses 130,000 nested elements quickly with XML_LIMIT_EXCEEDED, the limit and the line, writing nothing', async () => {
    const { refusal, ms } = await refused(h, concertWith('<d>'.repeat(130_000) + '</d>'.repeat(130_000)));
    expect(refusal.code).toBe('BAD_USER_INPUT');
    expect(refusal.issues).toEqual([expect.objectContaining({ code: 'XML_LIMIT_EXCEEDED', limit: { name: 'maxDepth', value: 64 }, line: 5 })]);
    // Generous: the refusal stops at depth 65; this only catches reading the whole document.
    expect(ms).toBeLessThan(1_000);
  });

  it('refuses 60,000 attributes on one element and a DOCTYPE', async () => {
    const attributes = Array.from({ length: 60_000 }, (_, i) => ` a${i}="x"`).join('');
    const many = await refused(h, concertWith(`<e${attributes}/>`));
    expect(many.refusal.issues).toEqual([expect.objectContaining({ code: 'XML_LIMIT_EXCEEDED', limit: { name: 'maxAttributesPerElement', value: 64 } })]);
    expect(many.ms).toBeLessThan(1_000);
    const doctype = await refused(h, CONCERT_XML.replace('<specificationSet', '<!DOCTYPE specificationSet [<!ENTITY e "x">]>\n<specificationSet'));
    expect(doctype.refusal.issues).toEqual([expect.objectContaining({ code: 'XML_DOCTYPE_FORBIDDEN' })]);
  });

  it('applies the limits the environment sets', async () => {
    const { refusal } = await refused(tight, CONCERT_XML.replace('urn:flowgraph:demo:organise-concert', 'urn:test:tight'));
    expect(refusal.issues).toEqual([expect.objectContaining({ code: 'XML_LIMIT_EXCEEDED', limit: { name: 'maxElements', value: 40 } })]);
  });

  it('refuses a document the schema refuses with XSD_INVALID, the schema\'s message and the line', async () => {
    // <join> and <split> swapped: the parser would not mind, YAWL's editor and the schema do.
    const xml = CONCERT_XML.replace('urn:flowgraph:demo:organise-concert', 'urn:test:out-of-order').replace(
      '<task id="RunShow"><name>Run show</name><flowsInto><nextElementRef id="end"/></flowsInto><join code="xor"/><split code="and"/>',
      '<task id="RunShow"><name>Run show</name><flowsInto><nextElementRef id="end"/></flowsInto>\n<split code="and"/><join code="xor"/>',
    );
    const line = xml.slice(0, xml.indexOf('<split code="and"/><join code="xor"/>')).split('\n').length;
    const { refusal } = await refused(h, xml);
    expect(refusal.code).toBe('BAD_USER_INPUT');
    expect(refusal.issues).toEqual([expect.objectContaining({ code: 'XSD_INVALID', line, message: expect.stringMatching(/'\{http:\/\/www\.yawlfoundation\.org\/yawlschema\}split': This element is not expected/) })]);
  });

  it('imports the demo specifications, which the schema accepts', async () => {
    expect(await validateSpecificationSchema(ORDER_FULFILMENT_XML)).toEqual([]);
    const result = await h.run<{ importSpecification: { specifications: { id: string }[] } }>(IMPORT, { x: CONCERT_XML.replace('urn:flowgraph:demo:organise-concert', 'urn:test:schema-valid') }, writer);
    expect(result.errors).toBeUndefined();
    expect(result.data?.importSpecification.specifications).toHaveLength(1);
  });
});
