import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '@flowgraph/shared';
import { concertXml } from '../support/e2e.js';
import { expectNoInternals } from './support/no-internals.js';
import { startSecurityPlatform, type SecurityPlatform } from './support/platform.js';
import { expectResponsive, underAttack } from './support/under-attack.js';
import { expectNothingWritten, rowCounts } from './support/writes.js';

const IMPORT = `mutation($x: String!) { importSpecification(xml: $x) { specifications { id } } }`;
/** The gateway's default MAX_BODY_BYTES: documents meant to reach the parser stay under it. */
const MAX_BODY_BYTES = 1_000_000;
/** Reading stops at the limit: this only catches a parser that reads (or expands) the whole document first. */
const REFUSED_WITHIN_MS = 2_000;

/** The concert specification under another identifier, with `payload` as its documentation. */
const concertWith = (payload: string) =>
  concertXml()
    .replace(/<identifier>[^<]*<\/identifier>/, `<identifier>urn:probe:xml:${randomUUID()}</identifier>`)
    .replace('<metaData>', `<documentation>${payload}</documentation>\n    <metaData>`);

/** Ten levels of entities, each ten of the one below: 10^9 `lol`s once expanded, 1 KB as sent. */
const billionLaughs = () => {
  const entities = ['<!ENTITY lol0 "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`)];
  return concertWith('&lol9;').replace('<specificationSet', `<!DOCTYPE specificationSet [\n${entities.join('\n')}\n]>\n<specificationSet`);
};

const bodySize = (xml: string) => Buffer.byteLength(JSON.stringify({ query: IMPORT, variables: { x: xml } }));

describe('hostile specification XML through importSpecification (production mode, real services)', () => {
  let platform: SecurityPlatform;
  let token: string;
  const timings: string[] = [];
  beforeAll(async () => {
    platform = await startSecurityPlatform();
    token = await platform.key.sign({ sub: demo.users.admin.id, tenant: demo.tenant.id, role: 'admin', expiresInSeconds: 3_600 });
  });
  afterAll(async () => {
    process.stdout.write(`hostile XML refusals through the gateway:\n  ${timings.join('\n  ')}\n`);
    await platform?.close();
  });

  const specificationsOf = async () => (await platform.post<{ specifications: { id: string }[] }>(`{ specifications { id } }`, { token })).body.data!.specifications.length;

  it.each([
    ['130,000 nested elements in <documentation>', () => concertWith('<d>'.repeat(130_000) + '</d>'.repeat(130_000)), 'XML_LIMIT_EXCEEDED', { name: 'maxDepth', value: 64 }],
    ['60,000 attributes on one element', () => concertWith(`<e${Array.from({ length: 60_000 }, (_, i) => ` a${i}="x"`).join('')}/>`), 'XML_LIMIT_EXCEEDED', { name: 'maxAttributesPerElement', value: 64 }],
    ['a DOCTYPE expanding entities to a billion items (billion laughs)', billionLaughs, 'XML_DOCTYPE_FORBIDDEN', undefined],
    ['an element of 21,000 siblings', () => concertWith('<i/>'.repeat(21_000)), 'XML_LIMIT_EXCEEDED', { name: 'maxElements', value: 20_000 }],
  ])('refuses %s under the body limit with BAD_USER_INPUT, at the parser, quickly, writing nothing', async (name, make, code, limit) => {
    const xml = make();
    expect(bodySize(xml)).toBeLessThan(MAX_BODY_BYTES);
    const specifications = await specificationsOf();
    const before = await rowCounts(platform.databaseUrl);
    const report = await underAttack({ healthUrl: platform.healthUrl }, () => platform.post(IMPORT, { token, variables: { x: xml } }));
    timings.push(`${name} (${(bodySize(xml) / 1000).toFixed(0)} KB): ${report.elapsedMs.toFixed(0)} ms (run ${report.runs}; health p95 ${report.health.p95Ms.toFixed(1)} ms, loop delay p99 ${report.loopDelay.p99Ms.toFixed(1)} ms)`);
    expectResponsive(report);
    const refused = report.result;
    expect(refused.status).toBe(200);
    expect(refused.body.data ?? null).toBeNull();
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.body.errors?.[0]?.extensions?.issues).toEqual([expect.objectContaining({ code, ...(limit ? { limit } : {}) })]);
    expect(report.elapsedMs).toBeLessThan(REFUSED_WITHIN_MS);
    expectNoInternals(refused.body, platform.internalUrls);
    expectNothingWritten(before, await rowCounts(platform.databaseUrl));
    expect(await specificationsOf()).toBe(specifications);
  });

  it.each([
    // A text node's own limit is 1,000,000 characters, more than the body limit lets through: the body limit refuses it first.
    ['a 1,500,000-character text node', () => concertWith('x'.repeat(1_500_000))],
    ['a 6 MB document (over the parser\'s 5 MB too)', () => concertWith('<p>padding</p>'.repeat(450_000))],
  ])('refuses %s at the gateway\'s body limit with HTTP 413, before any subgraph reads it, writing nothing', async (name, make) => {
    const xml = make();
    expect(bodySize(xml)).toBeGreaterThan(MAX_BODY_BYTES);
    let subgraphRequests = 0;
    const count = () => subgraphRequests++;
    platform.subgraphs.workflows.server.on('request', count);
    const before = await rowCounts(platform.databaseUrl);
    try {
      const report = await underAttack({ healthUrl: platform.healthUrl }, () => platform.post(IMPORT, { token, variables: { x: xml } }));
      timings.push(`${name} (${(bodySize(xml) / 1000).toFixed(0)} KB): HTTP ${report.result.status} in ${report.elapsedMs.toFixed(0)} ms (run ${report.runs})`);
      expectResponsive(report);
      const refused = report.result;
      expect(refused.status).toBe(413);
      expect(refused.body.data ?? null).toBeNull();
      expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'OPERATION_TOO_COMPLEX', limit: 'bodyBytes', max: MAX_BODY_BYTES });
      expect(report.elapsedMs).toBeLessThan(REFUSED_WITHIN_MS);
      expectNoInternals(refused.body, platform.internalUrls);
    } finally {
      platform.subgraphs.workflows.server.off('request', count);
    }
    expect(subgraphRequests).toBe(0);
    expectNothingWritten(before, await rowCounts(platform.databaseUrl));
  });

  it('still imports an ordinary specification', async () => {
    const imported = await platform.post<{ importSpecification: { specifications: { id: string }[] } }>(IMPORT, { token, variables: { x: concertWith('An ordinary note.') } });
    expect(imported.body.errors).toBeUndefined();
    expect(imported.body.data?.importSpecification.specifications).toHaveLength(1);
  });
});
