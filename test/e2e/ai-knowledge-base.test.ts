import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlannerProvider } from '../../subgraphs/ai/app/providers/planner-provider.js';
import { withIdentifier } from '../../subgraphs/ai/domain/specification-check.js';
import { postGraphQL } from '../support/http.js';
import { startLivePlatform, type LivePlatform } from '../support/live-platform.js';

interface Member {
  token: string;
  tenantId: string;
}

interface Similar {
  title: string;
  kind: string;
}

async function specificationXml(intent: string, identifier: string): Promise<string> {
  const outcome = await new PlannerProvider().draft({ intent, hints: {}, identifier, similar: [], signal: new AbortController().signal });
  if (!outcome.ok) throw new Error(outcome.issue.message);
  return withIdentifier(outcome.xml, identifier);
}

/**
 * The knowledge base through the gateway on the real services: what a tenant imports (workflows)
 * and what is published in the marketplace reach the ai subgraph as events over Kafka, and show in
 * the similar workflows of later generations, each tenant seeing what it may.
 */
// Deadlines bound a failure on a loaded machine; a pass never waits for them.
describe('similar workflows from specifications and templates, through the gateway', { timeout: 240_000 }, () => {
  let platform: LivePlatform;
  let wording = 0;

  const gql = async <T>(member: Member, query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const result = await postGraphQL<T>(platform.url, query, { token: member.token, variables });
    expect(result.body.errors, JSON.stringify(result.body.errors)).toBeUndefined();
    return result.body.data!;
  };
  const signUp = async (name: string): Promise<Member> => {
    const slug = `kb-${name.toLowerCase()}-${randomUUID().slice(0, 8)}`;
    const result = await postGraphQL<{ signUp: { accessToken: string; user: { tenant: { id: string } } } }>(platform.url, `mutation($i: SignUpInput!) { signUp(input: $i) { accessToken user { tenant { id } } } }`, {
      variables: { i: { tenantName: name, tenantSlug: slug, email: `${slug}@example.com`, name, password: 'correct-horse-battery' } },
    });
    expect(result.body.errors).toBeUndefined();
    return { token: result.body.data!.signUp.accessToken, tenantId: result.body.data!.signUp.user.tenant.id };
  };

  /** The similar workflows of a new generation of `intent` (worded anew each time, so never from the cache). */
  const similarFor = async (member: Member, intent: string): Promise<Similar[]> => {
    const { generateWorkflow } = await gql<{ generateWorkflow: { id: string } }>(member, `mutation($i: GenerateWorkflowInput!) { generateWorkflow(input: $i) { id } }`, { i: { intent: `${intent}, case ${++wording}` } });
    let generation: { status: string; similar: Similar[] } | undefined;
    await expect
      .poll(
        async () => {
          generation = (await gql<{ workflowGeneration: { status: string; similar: Similar[] } }>(member, `query($id: ID!) { workflowGeneration(id: $id) { status similar { title kind } } }`, { id: generateWorkflow.id })).workflowGeneration;
          return generation.status;
        },
        { timeout: 60_000, interval: 200 },
      )
      .toMatch(/SUCCEEDED|FAILED/);
    expect(generation!.status).toBe('SUCCEEDED');
    return generation!.similar;
  };
  /** Generates until the similar workflows satisfy `expected` (the events travel through Kafka meanwhile). */
  const eventually = async (member: Member, intent: string, expected: (similar: Similar[]) => boolean): Promise<Similar[]> => {
    const deadline = Date.now() + 90_000;
    for (;;) {
      const similar = await similarFor(member, intent);
      if (expected(similar) || Date.now() > deadline) return similar;
    }
  };
  const titled = (similar: Similar[], kind: string) => similar.filter((match) => match.kind === kind).map((match) => match.title);

  beforeAll(async () => {
    platform = await startLivePlatform({ subgraphs: ['ai', 'marketplace'] });
  }, 240_000);
  afterAll(() => platform?.close());

  it('shows a tenant its own imported specification and not another’s; a public template to every tenant until it is unpublished', async () => {
    const [alpha, beta, publisher] = [await signUp('Alpha'), await signUp('Beta'), await signUp('Publisher')];

    const claims = 'Expense claims: an employee submits the expense claim, then a manager approves the expense claim';
    await gql(alpha, `mutation($x: String!) { importSpecification(xml: $x) { specifications { id } } }`, {
      x: await specificationXml('Expense reimbursement: an employee submits the expense claim, then a manager approves the expense claim, then finance reimburses the employee', `expenses_${randomUUID().slice(0, 8)}`),
    });
    const forAlpha = await eventually(alpha, claims, (similar) => titled(similar, 'TENANT_SPECIFICATION').includes('Expense reimbursement'));
    expect(titled(forAlpha, 'TENANT_SPECIFICATION')).toEqual(['Expense reimbursement']);
    expect(titled(await similarFor(beta, claims), 'TENANT_SPECIFICATION')).toEqual([]);

    const vendors = 'Vendors: procurement collects the vendor documents, then compliance verifies the vendor documents';
    const imported = await gql<{ importSpecification: { specifications: { id: string; xml: string }[] } }>(publisher, `mutation($x: String!) { importSpecification(xml: $x) { specifications { id xml } } }`, {
      x: await specificationXml('Vendor onboarding: procurement collects the vendor documents, then compliance verifies the vendor documents, then finance registers the vendor', `vendors_${randomUUID().slice(0, 8)}`),
    });
    const source = imported.importSpecification.specifications[0]!;
    const { publishTemplate } = await gql<{ publishTemplate: { id: string } }>(publisher, `mutation($i: PublishTemplateInput!) { publishTemplate(input: $i) { id } }`, {
      i: { specificationId: source.id, specificationXml: source.xml, name: 'Vendor onboarding kit', description: 'Vendor documents collected, verified and registered.', category: 'Procurement', priceCents: 0, currency: 'EUR' },
    });
    for (const member of [alpha, beta]) {
      const similar = await eventually(member, vendors, (matches) => titled(matches, 'MARKETPLACE_TEMPLATE').length > 0);
      expect(titled(similar, 'MARKETPLACE_TEMPLATE')).toEqual(['Vendor onboarding kit']);
      // Another tenant's specification stays its own, though the template was published from it.
      expect(titled(similar, 'TENANT_SPECIFICATION')).toEqual([]);
    }

    await gql(publisher, `mutation($id: ID!) { unpublishTemplate(id: $id) { id } }`, { id: publishTemplate.id });
    const after = await eventually(alpha, vendors, (similar) => titled(similar, 'MARKETPLACE_TEMPLATE').length === 0);
    expect(titled(after, 'MARKETPLACE_TEMPLATE')).toEqual([]);
    expect(titled(await similarFor(beta, vendors), 'MARKETPLACE_TEMPLATE')).toEqual([]);
  });
});
