import { createClient, type Client, type FormattedExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aiSubgraph } from '@flowgraph/ai';
import { analyticsSubgraph } from '@flowgraph/analytics';
import { startGateway, type RunningGateway } from '@flowgraph/gateway';
import { identitySubgraph, JWKS_PATH } from '@flowgraph/identity';
import { marketplaceSubgraph } from '@flowgraph/marketplace';
import {
  MemoryCache,
  MemoryEventBus,
  createLogger,
  createPGlite,
  createTokenVerifier,
  demo,
  isTokenDenied,
  openDatabase,
  remoteKeys,
  startSubgraph,
  type AuthenticatedContext,
  type StartedSubgraph,
  type SubgraphModule,
} from '@flowgraph/shared';
import { workflowsSubgraph } from '@flowgraph/workflows';
import { postGraphQL } from '../support/http.js';
import { TEST_IDENTITY, login, organiseConcertOutput, organiseConcertXml } from '../support/e2e.js';

const identityOptions = TEST_IDENTITY;

interface Notification {
  sequence: number;
  type: string;
  case: { id: string; status: string; startedBy?: { email: string } };
}

const CASE_EVENTS = `subscription($caseId: ID) { caseEvents(caseId: $caseId) { sequence type case { id status startedBy { email } } } }`;
/** Straight at a workflows instance, where `User` is only a reference to identity's entity. */
const CASE_EVENTS_AT_SUBGRAPH = `subscription($caseId: ID) { caseEvents(caseId: $caseId) { sequence type case { id status } } }`;

/** A graphql-ws client recording what one subscription delivers. */
function subscribe(url: string, token: string, variables: Record<string, unknown>, query = CASE_EVENTS) {
  const results: FormattedExecutionResult<{ caseEvents: Notification }, unknown>[] = [];
  let failure: unknown;
  const client: Client = createClient({ url, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
  const unsubscribe = client.subscribe<{ caseEvents: Notification }>(
    { query, variables },
    { next: (result) => void results.push(result), error: (error) => void (failure = error), complete: () => undefined },
  );
  return {
    results,
    failure: () => failure,
    events: (caseId?: string) => results.flatMap((r) => (r.data?.caseEvents && (!caseId || r.data.caseEvents.case.id === caseId) ? [r.data.caseEvents] : [])),
    close: async () => {
      unsubscribe();
      await client.dispose();
    },
  };
}

/**
 * Two workflows instances on one database and one event bus, each behind its own gateway, as two
 * replicas behind a load balancer would be: a subscriber must see every event of a case exactly
 * once whichever replica ran the mutations.
 */
describe('case event subscriptions scaled out to two workflows instances and two gateways', () => {
  const pglite = createPGlite();
  const cache = new MemoryCache();
  const bus = new MemoryEventBus();
  const started: StartedSubgraph[] = [];
  const databases: { close(): Promise<void> }[] = [];
  const gateways: RunningGateway[] = [];
  let workflows: [StartedSubgraph, StartedSubgraph];
  let gatewayA: RunningGateway;
  let gatewayB: RunningGateway;
  let token: string;
  let specificationId: string;

  async function start<TContext extends AuthenticatedContext>(module: SubgraphModule<TContext>, jwksUrl: string | undefined, seed = true) {
    const database = await openDatabase({ pglite });
    databases.push(database);
    const verifyToken = createTokenVerifier({
      issuer: identityOptions.JWT_ISSUER,
      audience: identityOptions.JWT_AUDIENCE,
      keys: jwksUrl ? remoteKeys(jwksUrl) : () => Promise.reject(new Error('no key set')),
      isDenied: (jti) => isTokenDenied(cache, jti),
    });
    const running = await startSubgraph(module, { database, cache, events: bus, verifyToken, logger: createLogger(module.name, 'silent'), production: false }, { port: 0, host: '127.0.0.1', seed });
    started.push(running);
    return running;
  }

  const gateway = async (routes: Record<string, StartedSubgraph>, jwksUrl: string, identityUrl: string) => {
    const running = await startGateway(
      {
        production: false,
        logLevel: 'silent',
        host: '127.0.0.1',
        port: 0,
        supergraphPath: 'schema/supergraph.graphql',
        watchSupergraph: false,
        subgraphTimeoutMs: 10_000,
        subgraphUrls: Object.fromEntries(Object.entries(routes).map(([name, s]) => [name, `${s.url}/graphql`])),
        auth: { jwksUrl, issuer: identityOptions.JWT_ISSUER, audience: identityOptions.JWT_AUDIENCE, apiKeyExchangeUrl: `${identityUrl}/auth/api-key-token` },
      },
      { logger: createLogger('gateway', 'silent'), cache },
    );
    gateways.push(running);
    return running;
  };

  const wsUrl = (server: { url: string }) => `${server.url.replace('http', 'ws')}/graphql`;
  /** Mutations and queries go through gateway A only, hence through workflows instance 1 only. */
  const gql = async <T>(query: string, variables?: Record<string, unknown>) => {
    const result = await postGraphQL<T>(`${gatewayA.url}/`, query, { token, variables });
    expect(result.body.errors).toBeUndefined();
    return result.body.data!;
  };
  const launch = async () => (await gql<{ launchCase: { id: string } }>(`mutation($s: ID!) { launchCase(specificationId: $s) { id } }`, { s: specificationId })).launchCase.id;
  const workToCompletion = async (caseId: string) => {
    const done: string[] = [];
    for (let guard = 0; guard < 10; guard++) {
      const { workQueue } = await gql<{ workQueue: { id: string; taskId: string; case: { id: string } }[] }>(`{ workQueue { id taskId case { id } } }`);
      const next = workQueue.find((item) => item.case.id === caseId);
      if (!next) break;
      const startedItem = await gql<{ startWorkItem: { input: Record<string, unknown> | null } }>(`mutation($id: ID!) { startWorkItem(id: $id) { input } }`, { id: next.id });
      const output = organiseConcertOutput(next.taskId, startedItem.startWorkItem.input);
      await gql(`mutation($id: ID!, $o: JSON) { completeWorkItem(id: $id, output: $o) { status } }`, { id: next.id, o: output });
      done.push(next.taskId);
    }
    return done;
  };

  beforeAll(async () => {
    const identity = await start(identitySubgraph(identityOptions), undefined);
    const jwksUrl = `${identity.url}${JWKS_PATH}`;
    // The second replica migrates the same schemas (a no-op) and does not seed again.
    workflows = [await start(workflowsSubgraph(), jwksUrl), await start(workflowsSubgraph(), jwksUrl, false)];
    const others = {
      identity,
      marketplace: await start(marketplaceSubgraph({}), jwksUrl),
      ai: await start(aiSubgraph(), jwksUrl),
      analytics: await start(analyticsSubgraph(), jwksUrl),
    };
    gatewayA = await gateway({ ...others, workflows: workflows[0] }, jwksUrl, identity.url);
    gatewayB = await gateway({ ...others, workflows: workflows[1] }, jwksUrl, identity.url);

    token = await login(`${gatewayA.url}/`);
    const xml = organiseConcertXml();
    const imported = await gql<{ importSpecification: { specifications: { id: string }[] } }>(`mutation($x: String!) { importSpecification(xml: $x) { specifications { id } } }`, { x: xml });
    specificationId = imported.importSpecification.specifications[0]!.id;
  });

  afterAll(async () => {
    for (const running of gateways.reverse()) await running.close();
    for (const subgraph of started.reverse()) await subgraph.close();
    for (const database of databases) await database.close();
    await bus.close();
    await pglite.close();
  });

  it('delivers every event of a case exactly once to subscribers on both gateways and directly on the replica that ran nothing', async () => {
    // All-cases subscriptions replay nothing: make sure they are live before the case starts, with a probe case.
    const allOnB = subscribe(wsUrl(gatewayB), token, {});
    const allOnA = subscribe(wsUrl(gatewayA), token, {});
    await expect
      .poll(
        async () => {
          const probe = await launch();
          await new Promise((resolve) => setTimeout(resolve, 300));
          return allOnA.events(probe).length > 0 && allOnB.events(probe).length > 0;
        },
        { timeout: 10_000, interval: 0 },
      )
      .toBe(true);

    const caseId = await launch();
    const subscribers = {
      'caseId on gateway A': subscribe(wsUrl(gatewayA), token, { caseId }),
      'caseId on gateway B': subscribe(wsUrl(gatewayB), token, { caseId }),
      'caseId directly on workflows 2': subscribe(wsUrl(workflows[1]), token, { caseId }, CASE_EVENTS_AT_SUBGRAPH),
      'all cases on gateway A': allOnA,
      'all cases on gateway B': allOnB,
    };
    const silent = () => Object.entries(subscribers).flatMap(([name, s]) => (s.events(caseId).length > 0 ? [] : [{ name, results: s.results.slice(-2), failure: JSON.stringify(s.failure(), ["code", "reason", "message", "type"]) }]));
    await expect.poll(silent, { timeout: 10_000 }).toEqual([]);
    expect(await workToCompletion(caseId)).toEqual(['BookStadium', 'SellTickets', 'DoShow']);

    for (const subscriber of Object.values(subscribers)) {
      await expect.poll(() => subscriber.events(caseId).some((e) => e.type === 'case.completed'), { timeout: 10_000 }).toBe(true);
    }
    // Anything late or repeated would arrive within this pause.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const reference = subscribers['caseId on gateway A'].events(caseId);
    expect(reference.length).toBeGreaterThan(4);
    for (const [name, subscriber] of Object.entries(subscribers)) {
      const events = subscriber.events(caseId);
      expect(subscriber.results.filter((r) => r.errors), name).toEqual([]);
      // Sequences 1..n: nothing lost, nothing repeated, in order; the same stream everywhere.
      expect(events.map((e) => e.sequence), name).toEqual(events.map((_, i) => i + 1));
      expect(events.map((e) => [e.sequence, e.type]), name).toEqual(reference.map((e) => [e.sequence, e.type]));
      expect(events[0], name).toMatchObject({ type: 'case.started', case: { id: caseId } });
      expect(events[events.length - 1]!.case.status, name).toBe('COMPLETED');
    }
    // Gateway B resolved startedBy through identity for events committed by workflows instance 1.
    expect(subscribers['caseId on gateway B'].events(caseId).every((e) => e.case.startedBy?.email === demo.users.user.email)).toBe(true);
    for (const subscriber of Object.values(subscribers)) await subscriber.close();
  });
});
