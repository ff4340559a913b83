import { ApolloClient, InMemoryCache, gql } from '@apollo/client/core';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '@flowgraph/shared';
import { login } from '../support/e2e.js';
import { postGraphQL } from '../support/http.js';
import { startLivePlatform, type LivePlatform } from '../support/live-platform.js';

const CASE_EVENTS = gql`
  subscription CaseEvents($caseId: ID) {
    caseEvents(caseId: $caseId) {
      sequence
      type
      case {
        id
        startedBy {
          email
        }
      }
    }
  }
`;

interface CaseEvent {
  sequence: number;
  type: string;
  case: { id: string; startedBy: { email: string } };
}

/**
 * A frontend's view: @apollo/client over GraphQLWsLink, the setup the README points dashboards to, on
 * the real services. It signs in to the seeded demo tenant, which other runs share on Kafka; its
 * subscription is to one case, whose fresh id no other run's events carry.
 */
// Deadlines bound a failure on a loaded machine; a pass never waits for them.
describe('subscriptions with @apollo/client and GraphQLWsLink', { timeout: 180_000 }, () => {
  let platform: LivePlatform;
  let token: string;
  beforeAll(async () => {
    platform = await startLivePlatform();
    token = await login(platform.url);
  });
  afterAll(() => platform?.close());

  it('streams a launched case’s events, with a field from identity, to an Apollo client', async () => {
    const launched = await postGraphQL<{ launchCase: { id: string } }>(
      platform.url,
      `mutation($s: ID!) { launchCase(specificationId: $s, input: { customer: "Apollo", amount: 10 }) { id } }`,
      { token, variables: { s: demo.specifications.orderFulfilment } },
    );
    expect(launched.body.errors).toBeUndefined();
    const caseId = launched.body.data!.launchCase.id;

    const wsClient = createClient({ url: platform.wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` } });
    const client = new ApolloClient({ link: new GraphQLWsLink(wsClient), cache: new InMemoryCache() });
    const received: CaseEvent[] = [];
    const subscription = client.subscribe<{ caseEvents: CaseEvent }>({ query: CASE_EVENTS, variables: { caseId } }).subscribe({
      next: (result) => {
        if (result.data) received.push(result.data.caseEvents);
      },
    });
    try {
      await expect.poll(() => received.length, { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
      expect(received[0]).toMatchObject({ sequence: 1, type: 'case.started', case: { id: caseId, startedBy: { email: demo.users.user.email } } });
      expect(received.map((e) => e.sequence)).toEqual(received.map((_, i) => i + 1));
    } finally {
      subscription.unsubscribe();
      client.stop();
      await wsClient.dispose();
    }
  });
});
