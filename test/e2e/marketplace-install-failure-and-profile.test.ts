import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marketplaceSubgraph } from '@flowgraph/marketplace';
import { workflowsSubgraph } from '@flowgraph/workflows';
import { oneTaskSpecificationXml } from '../../subgraphs/marketplace/app/test-support.js';
import { postGraphQL } from '../support/http.js';
import { startLiveCluster, type LiveCluster } from '../support/live-platform.js';

interface Member {
  token: string;
  userId: string;
  tenantId: string;
}

/**
 * Through the gateway, on the real services: an install whose snapshot workflows' import refuses
 * ends FAILED with the reason the buyer can read, and a buyer in another tenant sees who published
 * a template through identity's public profile.
 */
describe('marketplace installs that workflows refuses, and creators buyers can see', () => {
  let cluster: LiveCluster;
  let url: string;

  const gql = async <T>(member: Member, query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const result = await postGraphQL<T>(url, query, { token: member.token, variables });
    expect(result.body.errors, JSON.stringify(result.body.errors)).toBeUndefined();
    return result.body.data!;
  };
  const signUp = async (name: string): Promise<Member> => {
    const slug = `mkt-${name.toLowerCase().replace(/\W/g, '')}-${randomUUID().slice(0, 8)}`;
    const result = await postGraphQL<{ signUp: { accessToken: string; user: { id: string; tenant: { id: string } } } }>(
      url,
      `mutation($i: SignUpInput!) { signUp(input: $i) { accessToken user { id tenant { id } } } }`,
      { variables: { i: { tenantName: name, tenantSlug: slug, email: `${slug}@example.com`, name, password: 'correct-horse-battery' } } },
    );
    expect(result.body.errors).toBeUndefined();
    const { accessToken, user } = result.body.data!.signUp;
    return { token: accessToken, userId: user.id, tenantId: user.tenant.id };
  };
  const publishFree = (creator: Member, uri: string) =>
    gql<{ publishTemplate: { id: string } }>(creator, `mutation($i: PublishTemplateInput!) { publishTemplate(input: $i) { id } }`, {
      i: { specificationId: randomUUID(), specificationXml: oneTaskSpecificationXml(uri), name: `Free ${uri}`, description: 'One review.', category: 'Operations', tags: [], priceCents: 0, currency: 'EUR' },
    }).then((data) => data.publishTemplate.id);

  beforeAll(async () => {
    cluster = await startLiveCluster();
    // Workflows imports under tighter bounds than the marketplace published with (as after a limit is
    // lowered, or the official schema configured there only): the snapshot no longer imports.
    const workflows = await cluster.start(workflowsSubgraph({ SPECIFICATION_XML_MAX_ELEMENTS: 10 }));
    const marketplace = await cluster.start(marketplaceSubgraph(), { seed: false });
    const gateway = await cluster.gateway({ identity: cluster.identity, workflows, marketplace });
    url = `${gateway.url}/`;
  });
  afterAll(() => cluster?.close());

  it('ends an install that workflows refuses FAILED, with the reason, once', async () => {
    const creator = await signUp('Refused Creator');
    const buyer = await signUp('Refused Buyer');
    const templateId = await publishFree(creator, `Refused${randomUUID().slice(0, 6)}`);
    const install = `mutation($id: ID!) { installTemplate(templateId: $id) { id status error specification { id } } }`;
    const requested = await gql<{ installTemplate: { id: string; status: string } }>(buyer, install, { id: templateId });
    expect(requested.installTemplate.status).toBe('PENDING');
    type Installation = { id: string; status: string; error: string | null; specification: { id: string } | null };
    const mine = async () => (await gql<{ myInstallations: Installation[] }>(buyer, `{ myInstallations { id status error specification { id } } }`)).myInstallations;
    await expect.poll(async () => (await mine())[0]?.status, { timeout: 60_000, interval: 500 }).toBe('FAILED');
    const [failed] = await mine();
    expect(failed).toMatchObject({ id: requested.installTemplate.id, specification: null });
    expect(failed!.error).toMatch(/error\(s\).*elements/);
    // Refused, not retried: nothing was imported into the buyer's tenant.
    expect((await gql<{ specifications: unknown[] }>(buyer, `{ specifications { id } }`)).specifications).toEqual([]);
  });

  it('shows a template’s creator to a buyer of another tenant as a public profile (display name only)', async () => {
    const creator = await signUp('Grace Publisher');
    const buyer = await signUp('Profile Buyer');
    const templateId = await publishFree(creator, `Profiled${randomUUID().slice(0, 6)}`);
    const query = `query($id: ID!) { template(id: $id) { creator { id } creatorProfile { id displayName } } }`;
    expect((await gql<{ template: unknown }>(buyer, query, { id: templateId })).template).toEqual({ creator: null, creatorProfile: { id: creator.userId, displayName: 'Grace Publisher' } });
    expect((await gql<{ template: unknown }>(creator, query, { id: templateId })).template).toEqual({ creator: { id: creator.userId }, creatorProfile: { id: creator.userId, displayName: 'Grace Publisher' } });
    // A profile carries nothing else: no email, role or tenant is selectable on it.
    const probe = await postGraphQL(url, `query($id: ID!) { template(id: $id) { creatorProfile { email } } }`, { token: buyer.token, variables: { id: templateId } });
    expect(probe.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
