import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StripePayments, type StartedSubgraph } from '@flowgraph/shared';
import { marketplaceSubgraph, STRIPE_WEBHOOK_PATH } from '@flowgraph/marketplace';
import { workflowsSubgraph } from '@flowgraph/workflows';
import {
  TEST_WEBHOOK_SECRET,
  chargeRefundedEvent,
  checkoutCompletedEvent,
  deliver,
  oneTaskSpecificationXml,
  signStripe,
} from '../../subgraphs/marketplace/app/test-support.js';
import { postGraphQL } from '../support/http.js';
import { startLiveCluster, type LiveCluster } from '../support/live-platform.js';
import { requireService } from '../support/services.js';

interface Member {
  token: string;
  userId: string;
  tenantId: string;
}

/**
 * The marketplace's whole story through the gateway, on the real services (Postgres, Redis, Kafka,
 * stripe-mock): a creator publishes, a buyer in another tenant finds, pays, downloads, installs and
 * runs the template, the creator is paid 70%, and a refund takes the download back.
 */
describe('marketplace commerce end to end', () => {
  let cluster: LiveCluster;
  let marketplace: StartedSubgraph;
  let url: string;
  const payments = new StripePayments({ secretKey: 'sk_test_123', webhookSecret: TEST_WEBHOOK_SECRET, apiBase: requireService('STRIPE_API_BASE') });

  const gql = async <T>(member: Member, query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const result = await postGraphQL<T>(url, query, { token: member.token, variables });
    expect(result.body.errors, JSON.stringify(result.body.errors)).toBeUndefined();
    return result.body.data!;
  };
  const signUp = async (name: string): Promise<Member> => {
    const slug = `mkt-${name.toLowerCase()}-${randomUUID().slice(0, 8)}`;
    const result = await postGraphQL<{ signUp: { accessToken: string; user: { id: string; tenant: { id: string } } } }>(
      url,
      `mutation($i: SignUpInput!) { signUp(input: $i) { accessToken user { id tenant { id } } } }`,
      { variables: { i: { tenantName: name, tenantSlug: slug, email: `${slug}@example.com`, name, password: 'correct-horse-battery' } } },
    );
    expect(result.body.errors).toBeUndefined();
    const { accessToken, user } = result.body.data!.signUp;
    return { token: accessToken, userId: user.id, tenantId: user.tenant.id };
  };

  beforeAll(async () => {
    cluster = await startLiveCluster();
    const workflows = await cluster.start(workflowsSubgraph());
    marketplace = await cluster.start(marketplaceSubgraph({ payments, payouts: { baseBackoffMs: 200, pollIntervalMs: 200 } }), { seed: false });
    const gateway = await cluster.gateway({ identity: cluster.identity, workflows, marketplace });
    url = `${gateway.url}/`;
  });
  afterAll(() => cluster?.close());

  it('publishes, sells, pays out, installs, runs and refunds', async () => {
    const creator = await signUp('Creator');
    const buyer = await signUp('Buyer');
    const uri = `InvoiceFlow${randomUUID().slice(0, 6)}`;

    // The creator connects a payout account and publishes one of their specifications.
    const connected = await gql<{ connectPayoutAccount: { accountId: string } }>(creator, `mutation { connectPayoutAccount { accountId onboardingUrl } }`);
    expect(connected.connectPayoutAccount.accountId).toMatch(/^acct_/);
    const imported = await gql<{ importSpecification: { specifications: { id: string; xml: string }[] } }>(
      creator,
      `mutation($x: String!) { importSpecification(xml: $x) { specifications { id xml } } }`,
      { x: oneTaskSpecificationXml(uri) },
    );
    const source = imported.importSpecification.specifications[0]!;
    const published = await gql<{ publishTemplate: { id: string } }>(
      creator,
      `mutation($i: PublishTemplateInput!) { publishTemplate(input: $i) { id } }`,
      { i: { specificationId: source.id, specificationXml: source.xml, name: `Quarterly ${uri} review`, description: 'Review and sign off invoices.', category: 'Finance', tags: ['finance'], priceCents: 9_999, currency: 'EUR' } },
    );
    const templateId = published.publishTemplate.id;

    // The buyer finds it by text search and cannot download it before paying.
    const found = await gql<{ templates: { edges: { node: { id: string; priceCents: number } }[] } }>(buyer, `query($s: String!) { templates(filter: { search: $s }) { edges { node { id priceCents } } } }`, { s: uri.toLowerCase() });
    expect(found.templates.edges.map((e) => e.node)).toEqual([{ id: templateId, priceCents: 9_999 }]);
    const locked = await postGraphQL(url, `query($id: ID!) { template(id: $id) { specificationXml } }`, { token: buyer.token, variables: { id: templateId } });
    expect(locked.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // Checkout on stripe-mock, then Stripe's signed webhook straight to the marketplace service.
    const bought = await gql<{ purchaseTemplate: { id: string; status: string; checkoutUrl: string } }>(buyer, `mutation($id: ID!) { purchaseTemplate(templateId: $id) { id status checkoutUrl } }`, { id: templateId });
    expect(bought.purchaseTemplate.status).toBe('PENDING');
    expect(bought.purchaseTemplate.checkoutUrl).toMatch(/^https:\/\/checkout\.stripe\.com\//);
    const paymentIntent = `pi_${randomUUID().slice(0, 12)}`;
    const completed = checkoutCompletedEvent({
      eventId: `evt_${randomUUID()}`,
      purchaseId: bought.purchaseTemplate.id,
      templateId,
      buyerTenantId: buyer.tenantId,
      buyerUserId: buyer.userId,
      amountTotal: 9_999,
      currency: 'eur',
      paymentIntent,
    });
    const hook = `${marketplace.url}${STRIPE_WEBHOOK_PATH}`;
    expect(await deliver(hook, completed, signStripe(completed))).toMatchObject({ status: 200, body: { outcome: 'paid' } });

    // Download, install (marketplace → Kafka → workflows → Kafka → marketplace), then run a case of it.
    const xml = await gql<{ template: { specificationXml: string; downloads: number } }>(buyer, `query($id: ID!) { template(id: $id) { specificationXml downloads } }`, { id: templateId });
    expect(xml.template.specificationXml).toContain(`uri="${uri}"`);
    expect(xml.template.downloads).toBe(1);
    await gql(buyer, `mutation($id: ID!) { installTemplate(templateId: $id) { id status } }`, { id: templateId });
    let specificationId: string | undefined;
    await expect
      .poll(
        async () => {
          const installed = await gql<{ installTemplate: { status: string; specification: { id: string; name: string } | null } }>(
            buyer,
            `mutation($id: ID!) { installTemplate(templateId: $id) { status specification { id name } } }`,
            { id: templateId },
          );
          specificationId = installed.installTemplate.specification?.id;
          return installed.installTemplate.status;
        },
        { timeout: 60_000, interval: 500 },
      )
      .toBe('INSTALLED');
    expect(specificationId).toBeDefined();
    expect(specificationId).not.toBe(source.id);
    const launched = await gql<{ launchCase: { id: string } }>(buyer, `mutation($s: ID!) { launchCase(specificationId: $s) { id } }`, { s: specificationId });
    const queue = await gql<{ me: { workQueue: { id: string; taskId: string; case: { id: string } }[] } }>(buyer, `{ me { workQueue { id taskId case { id } } } }`);
    const item = queue.me.workQueue.find((candidate) => candidate.case.id === launched.launchCase.id)!;
    expect(item.taskId).toBe('Review');
    await gql(buyer, `mutation($id: ID!) { startWorkItem(id: $id) { id } }`, { id: item.id });
    await gql(buyer, `mutation($id: ID!) { completeWorkItem(id: $id) { status } }`, { id: item.id });
    const done = await gql<{ case: { status: string } }>(buyer, `query($id: ID!) { case(id: $id) { status } }`, { id: launched.launchCase.id });
    expect(done.case.status).toBe('COMPLETED');

    // The creator's 70%: in the summary at once, transferred by the payout worker.
    const summary = await gql<{ payoutSummary: unknown[] }>(creator, `{ payoutSummary { currency grossCents platformFeeCents netCents refundedCents sales } }`);
    expect(summary.payoutSummary).toEqual([{ currency: 'EUR', grossCents: 9_999, platformFeeCents: 3_000, netCents: 6_999, refundedCents: 0, sales: 1 }]);
    await expect
      .poll(async () => (await gql<{ mySales: { payoutStatus: string }[] }>(creator, `{ mySales { payoutStatus } }`)).mySales[0]?.payoutStatus, { timeout: 20_000 })
      .toBe('PAID');

    // A refund takes the download back.
    const refund = chargeRefundedEvent(`evt_${randomUUID()}`, paymentIntent, 9_999);
    expect(await deliver(hook, refund, signStripe(refund))).toMatchObject({ status: 200, body: { outcome: 'refunded' } });
    const revoked = await postGraphQL(url, `query($id: ID!) { template(id: $id) { specificationXml } }`, { token: buyer.token, variables: { id: templateId } });
    expect(revoked.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await expect
      .poll(async () => (await gql<{ mySales: { payoutStatus: string }[] }>(creator, `{ mySales { payoutStatus } }`)).mySales[0]?.payoutStatus, { timeout: 20_000 })
      .toBe('REVERSED');
  });
});
