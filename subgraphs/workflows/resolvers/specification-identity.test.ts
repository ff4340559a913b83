import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '@flowgraph/shared';
import { principal, startHarness, type Harness } from '../../../test/support/subgraph-harness.js';
import type { Context } from '../context.js';
import { CONCERT_XML } from '../data/demo-specifications.js';
import { CONCERT as CONCERT_FILE, readSpecification } from '@flowgraph/yawl/testing/fixtures';
import { workflowsSubgraph } from '../index.js';

const writer = principal(demo.users.user.id, demo.tenant.id, 'user');
const UID = CONCERT_FILE.identifier;
const OTHER_UID = 'UID_00000000-1111-4222-8333-444444444444';
/** The test concert: uri "SummerConcert", metaData identifier UID, version 0.2. */
const CONCERT = readSpecification('concert');
const withVersion = (xml: string, version: string) => xml.replace('<version>0.2</version>', `<version>${version}</version>`);
const withUri = (xml: string, uri: string) => xml.replace('uri="SummerConcert"', `uri="${uri}"`);

type Identity = { id: string; identifier: string; version: string; uri: string };
const IDENTITY = 'id identifier version uri';

/** Specifications are YAWL's YSpecificationID: (identifier, version) is the key, the uri only a name. */
describe('specification identity', () => {
  let h: Harness<Context>;
  beforeAll(async () => {
    h = await startHarness(workflowsSubgraph());
  });
  afterAll(() => h.close());

  const upload = (xml: string) => h.run<{ importSpecification: { specifications: Identity[] } }>(`mutation($x: String!) { importSpecification(xml: $x) { specifications { ${IDENTITY} } } }`, { x: xml }, writer);
  const imported = async (xml: string) => {
    const result = await upload(xml);
    expect(result.errors).toBeUndefined();
    return result.data!.importSpecification.specifications;
  };
  const listed = async () => (await h.run<{ specifications: Identity[] }>(`{ specifications(first: 100) { ${IDENTITY} } }`, undefined, writer)).data!.specifications;
  const stored = async () => ((await h.deps.database.db.execute(sql`select count(*)::int as n from workflows.specifications`)) as { rows: { n: number }[] }).rows[0]!.n;

  it("exposes a specification's metaData identifier as identifier and its uri as uri", async () => {
    const [spec] = await imported(CONCERT);
    expect(spec).toMatchObject({ identifier: UID, version: '0.2', uri: 'SummerConcert' });
    const resolved = await h.run<{ specification: Identity }>(`query($id: ID!) { specification(id: $id) { ${IDENTITY} } }`, { id: spec!.id }, writer);
    expect(resolved.data?.specification).toEqual(spec);
  });

  it('keeps two versions of one identifier side by side, even when the new version is under another uri', async () => {
    const [next] = await imported(withUri(withVersion(CONCERT, '0.3'), 'SummerConcertRenamed'));
    expect(next).toMatchObject({ identifier: UID, version: '0.3', uri: 'SummerConcertRenamed' });
    const versions = (await listed()).filter((s) => s.identifier === UID);
    expect(versions.map((s) => [s.version, s.uri]).sort()).toEqual([
      ['0.2', 'SummerConcert'],
      ['0.3', 'SummerConcertRenamed'],
    ]);
  });

  it('takes another identifier with the same uri and version as another specification', async () => {
    const [other] = await imported(CONCERT.replace(UID, OTHER_UID));
    expect(other).toMatchObject({ identifier: OTHER_UID, version: '0.2', uri: 'SummerConcert' });
    expect((await listed()).filter((s) => s.uri === 'SummerConcert' && s.version === '0.2').map((s) => s.identifier).sort()).toEqual([OTHER_UID, UID]);
  });

  it('keys a specification without a metaData identifier by its uri', async () => {
    const [beta] = await imported(CONCERT_XML.replace('urn:flowgraph:demo:organise-concert', 'urn:test:identity:beta'));
    expect(beta).toMatchObject({ identifier: 'urn:test:identity:beta', uri: 'urn:test:identity:beta', version: '2.1' });
  });

  it('refuses an (identifier, version) that exists with CONFLICT, whatever its uri, writing nothing of its set', async () => {
    const before = await stored();
    const again = await upload(withUri(CONCERT, 'SummerConcertCopy'));
    expect(again.data).toBeNull();
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    // A set whose new version would import alone is refused as a whole for its duplicate sibling.
    const fresh = /<specification uri[\s\S]*?<\/specification>/.exec(withVersion(CONCERT, '0.4'))![0];
    const set = CONCERT.replace('</specification>', `</specification>${fresh}`);
    const refused = await upload(set);
    expect(refused.errors?.[0]?.extensions?.code, refused.errors?.[0]?.message).toBe('CONFLICT');
    expect(await stored()).toBe(before);
    expect((await listed()).filter((s) => s.identifier === UID).map((s) => s.version).sort()).toEqual(['0.2', '0.3']);
    await imported(withVersion(CONCERT, '0.4'));
    expect(await stored()).toBe(before + 1);
  });
});
