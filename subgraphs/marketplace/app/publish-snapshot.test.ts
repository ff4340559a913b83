import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SPECIFICATION_XML_LIMITS } from '@flowgraph/yawl';
import { principal, startHarness, type Harness } from '../../../test/support/subgraph-harness.js';
import type { Context } from '../context.js';
import { templateVersions, templates } from '../data/schema.js';
import { marketplaceSubgraph } from '../index.js';
import { oneTaskSpecificationXml } from './test-support.js';

const CREATOR = principal(randomUUID(), randomUUID(), 'user');
const PUBLISH = `mutation($i: PublishTemplateInput!) { publishTemplate(input: $i) { id version } }`;
const input = (xml: string) => ({ specificationId: randomUUID(), specificationXml: xml, name: 'Review', description: 'One review.', category: 'Ops', tags: [], priceCents: 0, currency: 'EUR' });
/** <join> and <split> swapped: the parser and the verifier do not mind, the schema (and so workflows' import) does. */
const outOfOrder = (xml: string) => xml.replace('<join code="xor"/><split code="and"/>', '\n<split code="and"/><join code="xor"/>');
const lineOf = (xml: string, text: string) => xml.slice(0, xml.indexOf(text)).split('\n').length;

interface Refusal {
  code: unknown;
  field: unknown;
  issues: { code: string; line?: number; message: string; limit?: unknown }[];
}

/** Publishing refuses exactly what workflows' import refuses: bounded parse, schema, verifier, with the same issue codes. */
describe('publishing checks the snapshot as workflows imports it', () => {
  let h: Harness<Context>;
  beforeAll(async () => {
    h = await startHarness(marketplaceSubgraph({ snapshots: { limits: { ...SPECIFICATION_XML_LIMITS, maxElements: 40 } } }), { seed: false });
  });
  afterAll(() => h?.close());

  const refused = async (query: string, variables: Record<string, unknown>): Promise<Refusal> => {
    const result = await h.run(query, variables, CREATOR);
    expect(result.data?.[Object.keys(result.data ?? {})[0] ?? ''] ?? null).toBeNull();
    const extensions = result.errors?.[0]?.extensions as unknown as Refusal;
    return { code: extensions.code, field: extensions.field, issues: extensions.issues };
  };
  const written = async () => ({
    templates: (await h.deps.database.db.select().from(templates).where(eq(templates.tenantId, CREATOR.tenantId))).length,
    versions: (await h.deps.database.db.select().from(templateVersions).where(eq(templateVersions.tenantId, CREATOR.tenantId))).length,
  });

  it('refuses a template whose XML is out of schema order with XSD_INVALID and its line, writing nothing', async () => {
    const xml = outOfOrder(oneTaskSpecificationXml('OutOfOrder'));
    expect(xml).not.toBe(oneTaskSpecificationXml('OutOfOrder'));
    const refusal = await refused(PUBLISH, { i: input(xml) });
    expect(refusal).toMatchObject({ code: 'BAD_USER_INPUT', field: 'specificationXml' });
    expect(refusal.issues).toEqual([expect.objectContaining({ code: 'XSD_INVALID', line: lineOf(xml, '<split code="and"/>'), message: expect.stringMatching(/split.*This element is not expected/) })]);
    expect(await written()).toEqual({ templates: 0, versions: 0 });
  });

  it('refuses a document past the XML limits with XML_LIMIT_EXCEEDED before the schema reads it', async () => {
    const xml = oneTaskSpecificationXml('TooMany').replace('</specificationSet>', `<x>${'<y/>'.repeat(50)}</x></specificationSet>`);
    const refusal = await refused(PUBLISH, { i: input(xml) });
    expect(refusal.code).toBe('BAD_USER_INPUT');
    expect(refusal.issues).toEqual([expect.objectContaining({ code: 'XML_LIMIT_EXCEEDED', limit: { name: 'maxElements', value: 40 } })]);
    expect(await written()).toEqual({ templates: 0, versions: 0 });
  });

  it('publishes a schema-valid snapshot, and refuses an out-of-order new version of it, keeping version 1', async () => {
    const published = await h.run<{ publishTemplate: { id: string; version: number } }>(PUBLISH, { i: input(oneTaskSpecificationXml('Valid')) }, CREATOR);
    expect(published.errors).toBeUndefined();
    const id = published.data!.publishTemplate.id;
    const refusal = await refused(`mutation($id: ID!, $i: PublishTemplateVersionInput!) { publishTemplateVersion(id: $id, input: $i) { version } }`, {
      id,
      i: { specificationId: randomUUID(), specificationXml: outOfOrder(oneTaskSpecificationXml('Valid')) },
    });
    expect(refusal.issues.map((issue) => issue.code)).toEqual(['XSD_INVALID']);
    expect(await written()).toEqual({ templates: 1, versions: 1 });
  });

  it('keeps the snapshots readable by every tenant exactly while the template is free (row-level security follows the price)', async () => {
    const stranger = principal(randomUUID(), randomUUID(), 'user');
    const published = await h.run<{ publishTemplate: { id: string } }>(PUBLISH, { i: { ...input(oneTaskSpecificationXml('PriceFollows')), priceCents: 500 } }, CREATOR);
    const id = published.data!.publishTemplate.id;
    const download = async () => {
      const result = await h.run<{ template: { specificationXml: string | null } }>(`query($id: ID!) { template(id: $id) { specificationXml } }`, { id }, stranger);
      return result.errors?.[0]?.extensions?.code ?? result.data?.template.specificationXml;
    };
    const price = (cents: number) => h.run(`mutation($id: ID!, $p: Int!) { updateTemplate(id: $id, input: { priceCents: $p }) { priceCents } }`, { id, p: cents }, CREATOR);
    expect(await download()).toBe('FORBIDDEN');
    expect((await price(0)).errors).toBeUndefined();
    expect(await download()).toContain('uri="PriceFollows"');
    expect((await price(700)).errors).toBeUndefined();
    expect(await download()).toBe('FORBIDDEN');
  });
});
