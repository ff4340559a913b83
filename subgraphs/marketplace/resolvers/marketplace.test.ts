import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { demo } from '@flowgraph/shared';
import { principal, startHarness, type Harness } from '../../../test/support/subgraph-harness.js';
import type { Context } from '../context.js';
import { PostgresTemplateStore } from '../data/postgres-template-store.js';
import { DEMO_PRIVATE_TEMPLATE_ID } from '../data/seed.js';
import { completeTemplate, type TemplateRecord } from '../data/template-store.js';
import { marketplaceSubgraph } from '../index.js';

const OTHER_TENANT = '00000000-0000-4000-8000-00000000aaaa';
const OTHER_USER = '00000000-0000-4000-8000-00000000bbbb';
const OTHER_PUBLIC = '00000000-0000-4000-8000-00000000c001';
const OTHER_PRIVATE = '00000000-0000-4000-8000-00000000c002';
const MISSING = '00000000-0000-4000-8000-00000000dead';

const member = principal(demo.users.viewer.id, demo.tenant.id, 'viewer');
const outsider = principal(OTHER_USER, OTHER_TENANT, 'admin');

const otherTemplate = (id: string, visibility: TemplateRecord['visibility'], createdAt: string): TemplateRecord =>
  completeTemplate({
  id,
  tenantId: OTHER_TENANT,
  name: `Other ${visibility}`,
  description: 'Published by another tenant.',
  category: 'Operations',
  tags: ['other'],
  priceCents: 1000,
  currency: 'USD',
  visibility,
  creatorId: OTHER_USER,
  specificationId: '00000000-0000-4000-8000-00000000e001',
  createdAt: new Date(createdAt),
  });

type Page<T> = { templates: { edges: { node: T }[] } };
const nodes = <T>(data: Page<T> | null | undefined): T[] | undefined => data?.templates.edges.map((edge) => edge.node);

const TEMPLATE_SQL = '"marketplace"."templates"';

describe('marketplace subgraph', () => {
  let h: Harness<Context>;
  const statements: string[] = [];
  const templateQueries = () => statements.filter((sql) => sql.includes(TEMPLATE_SQL)).length;

  beforeAll(async () => {
    h = await startHarness(marketplaceSubgraph(), { onQuery: (sql) => statements.push(sql) });
    const store = new PostgresTemplateStore(h.deps.database.db, h.deps.logger);
    await store.insert(otherTemplate(OTHER_PUBLIC, 'public', '2026-03-01T00:00:00.000Z'));
    await store.insert(otherTemplate(OTHER_PRIVATE, 'private', '2026-03-02T00:00:00.000Z'));
  });
  afterAll(() => h.close());
  beforeEach(() => {
    statements.length = 0;
  });

  it('lists public templates of every tenant plus the caller’s own private ones, newest first', async () => {
    const query = `{ templates { edges { node { id visibility } } } }`;
    const own = await h.run<Page<{ id: string; visibility: string }>>(query, undefined, member);
    expect(own.errors).toBeUndefined();
    expect(nodes(own.data)).toEqual([
      { id: OTHER_PUBLIC, visibility: 'PUBLIC' },
      { id: DEMO_PRIVATE_TEMPLATE_ID, visibility: 'PRIVATE' },
      { id: demo.templates.concert, visibility: 'PUBLIC' },
      { id: demo.templates.orderFulfilment, visibility: 'PUBLIC' },
    ]);
    const foreign = await h.run<Page<{ id: string }>>(query, undefined, outsider);
    expect(nodes(foreign.data)?.map((t) => t.id)).toEqual([OTHER_PRIVATE, OTHER_PUBLIC, demo.templates.concert, demo.templates.orderFulfilment]);
  });

  it('filters by category and limits with first', async () => {
    type Edges = { edges: { node: { id: string } }[] };
    const result = await h.run<{ ops: Edges; one: Edges }>(
      `{ ops: templates(filter: { category: "Operations" }) { edges { node { id } } } one: templates(first: 1) { edges { node { id } } } }`,
      undefined,
      member,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.ops.edges.map((e) => e.node.id)).toEqual([OTHER_PUBLIC, demo.templates.orderFulfilment]);
    expect(result.data?.one.edges).toHaveLength(1);
  });

  it.each([0, 101, -1])('rejects first: %i with BAD_USER_INPUT', async (first) => {
    const result = await h.run(`query($first: Int) { templates(first: $first) { edges { cursor } } }`, { first }, member);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.data).toBeNull();
  });

  it('reads one template with its fields, creator and specification', async () => {
    const result = await h.run<{ template: Record<string, unknown> }>(
      `query($id: ID!) { template(id: $id) { id name category tags priceCents currency visibility createdAt creator { id } specification { id } } }`,
      { id: demo.templates.concert },
      member,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.template).toEqual({
      id: demo.templates.concert,
      name: 'Concert booking',
      category: 'Events',
      tags: ['events', 'ticketing', 'music'],
      priceCents: 4900,
      currency: 'EUR',
      visibility: 'PUBLIC',
      createdAt: '2026-01-12T14:30:00.000Z',
      creator: { id: demo.users.user.id },
      specification: { id: demo.specifications.concert },
    });
  });

  it('hides creator and specification of another tenant’s public template', async () => {
    const result = await h.run<{ template: { creator: unknown; specification: unknown } }>(
      `query($id: ID!) { template(id: $id) { creator { id } specification { id } } }`,
      { id: demo.templates.orderFulfilment },
      outsider,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.template).toEqual({ creator: null, specification: null });
  });

  it('reads another tenant’s private template, and a missing one, as NOT_FOUND', async () => {
    for (const id of [OTHER_PRIVATE, MISSING]) {
      const result = await h.run(`query($id: ID!) { template(id: $id) { id } }`, { id }, member);
      expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(result.data).toEqual({ template: null });
    }
  });

  it('rejects a malformed id with BAD_USER_INPUT before touching the store', async () => {
    const result = await h.run(`{ template(id: "42") { id } }`, undefined, member);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(templateQueries()).toBe(0);
  });

  it('lists the categories the caller can see', async () => {
    const own = await h.run<{ templateCategories: string[] }>(`{ templateCategories }`, undefined, member);
    expect(own.data?.templateCategories).toEqual(['Events', 'Finance', 'Operations']);
    const foreign = await h.run<{ templateCategories: string[] }>(`{ templateCategories }`, undefined, outsider);
    expect(foreign.data?.templateCategories).toEqual(['Events', 'Operations']);
  });

  it('denies anonymous callers with UNAUTHENTICATED', async () => {
    for (const query of [`{ templates { edges { cursor } } }`, `{ templateCategories }`]) {
      const result = await h.run(query);
      expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(result.data).toBeNull();
    }
    const one = await h.run(`{ template(id: "${demo.templates.concert}") { id } }`);
    expect(one.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(one.data).toEqual({ template: null });
  });

  describe('federation', () => {
    const templateEntities = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Template { id name } } }`;
    const reps = [demo.templates.orderFulfilment, DEMO_PRIVATE_TEMPLATE_ID, OTHER_PRIVATE, MISSING, demo.templates.concert].map((id) => ({ __typename: 'Template', id }));

    it('resolves Template entities under shield with one store query for the whole batch', async () => {
      const result = await h.run<{ _entities: ({ id: string } | null)[] }>(templateEntities, { reps }, member);
      expect(result.errors).toBeUndefined();
      expect(result.data?._entities.map((e) => e?.id ?? null)).toEqual([demo.templates.orderFulfilment, DEMO_PRIVATE_TEMPLATE_ID, null, null, demo.templates.concert]);
      expect(templateQueries()).toBe(1);
    });

    it('resolves entities as the caller’s tenant sees them', async () => {
      const result = await h.run<{ _entities: ({ id: string } | null)[] }>(templateEntities, { reps }, outsider);
      expect(result.data?._entities.map((e) => e?.id ?? null)).toEqual([demo.templates.orderFulfilment, null, OTHER_PRIVATE, null, demo.templates.concert]);
    });

    it('resolves no entities for anonymous callers', async () => {
      const result = await h.run<{ _entities: unknown[] }>(templateEntities, { reps: reps.slice(0, 2) });
      expect(result.data?._entities).toEqual([null, null]);
      expect(templateQueries()).toBe(0);
    });

    it('adds templates to users of the caller’s tenant in one store query', async () => {
      const query = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { id templates { id } } } }`;
      const userReps = [demo.users.admin.id, demo.users.user.id, demo.users.viewer.id].map((id) => ({ __typename: 'User', id }));
      const result = await h.run<{ _entities: { id: string; templates: { id: string }[] }[] }>(query, { reps: userReps }, member);
      expect(result.errors).toBeUndefined();
      expect(result.data?._entities).toEqual([
        { id: demo.users.admin.id, templates: [{ id: DEMO_PRIVATE_TEMPLATE_ID }, { id: demo.templates.orderFulfilment }] },
        { id: demo.users.user.id, templates: [{ id: demo.templates.concert }] },
        { id: demo.users.viewer.id, templates: [] },
      ]);
      expect(templateQueries()).toBe(1);
      // Authorship is not shown across tenants, not even of public templates.
      const foreign = await h.run<{ _entities: { templates: unknown[] }[] }>(query, { reps: userReps.slice(0, 1) }, outsider);
      expect(foreign.data?._entities).toEqual([{ id: demo.users.admin.id, templates: [] }]);
    });

    it('adds templates to specifications of the caller’s tenant in one store query', async () => {
      const query = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Specification { id templates { id name } } } }`;
      const specReps = [demo.specifications.orderFulfilment, demo.specifications.concert].map((id) => ({ __typename: 'Specification', id }));
      const result = await h.run<{ _entities: { templates: { id: string }[] }[] }>(query, { reps: specReps }, member);
      expect(result.errors).toBeUndefined();
      expect(result.data?._entities.map((e) => e.templates.map((t) => t.id))).toEqual([[demo.templates.orderFulfilment], [demo.templates.concert]]);
      expect(templateQueries()).toBe(1);
    });

    it('follows a template to its specification’s templates', async () => {
      const result = await h.run<{ template: { specification: { templates: { id: string }[] } } }>(
        `query($id: ID!) { template(id: $id) { specification { id templates { id } } } }`,
        { id: demo.templates.orderFulfilment },
        member,
      );
      expect(result.errors).toBeUndefined();
      expect(result.data?.template.specification).toEqual({ id: demo.specifications.orderFulfilment, templates: [{ id: demo.templates.orderFulfilment }] });
    });
  });

  it('seeds idempotently', async () => {
    await h.built.seedDemoData();
    const result = await h.run<Page<unknown>>(`{ templates { edges { node { id } } } }`, undefined, member);
    expect(nodes(result.data)).toHaveLength(4);
  });
});
