import { randomUUID } from 'node:crypto';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WsCloseCode } from '@flowgraph/shared';
import { concertXml } from '../support/e2e.js';
import { sleep, subscribe, type Subscriber, until, untilProbeSeen } from '../support/graphql-ws-client.js';
import { postGraphQL } from '../support/http.js';
import { manifestOf } from '../support/persisted-operations.js';
import { signingKey, startLivePlatform, type LivePlatform, type SigningKey } from '../support/live-platform.js';

interface Notification {
  cursor: string;
  sequence: number;
  type: string;
  case: { id: string; status: string };
}
type Events = { caseEvents: Notification };

const CASE_EVENTS = `subscription($caseId: ID) { caseEvents(caseId: $caseId) { cursor sequence type case { id status } } }`;
/** How often the gateway checks an open connection's credential again, here; 30 s by default. */
const RECHECK_MS = 250;
/** How long identity's API-key tokens live here (5 minutes by default), so that renewals happen within a test. */
const API_KEY_TOKEN_TTL_S = 10;

const events = (subscriber: Subscriber<Events>) => subscriber.results.flatMap((r) => (r.data?.caseEvents ? [r.data.caseEvents] : []));

/**
 * Credentials of graphql-ws connections through the gateway over their lifetime, on the real services:
 * expiry (4403), revocation by logout or by revoking an API key (4401), and partners connecting by API key.
 * Everything runs in a tenant of its own, so all-cases subscriptions see only this suite's cases.
 */
// Deadlines bound a failure on a loaded machine; a pass never waits for them.
describe('gateway websocket credentials', { timeout: 180_000 }, () => {
  let platform: LivePlatform;
  let key: SigningKey;
  let admin: { token: string; id: string; tenantId: string; email: string };
  const password = 'ws-auth-password-123';
  let specificationId: string;
  const open: { close(): Promise<void> }[] = [];
  const track = <T,>(subscriber: Subscriber<T>) => {
    open.push(subscriber);
    return subscriber;
  };

  const gql = async <T>(query: string, variables?: Record<string, unknown>, token = admin.token) => {
    const result = await postGraphQL<T>(platform.url, query, { token, variables });
    expect(result.body.errors).toBeUndefined();
    return result.body.data!;
  };
  const launch = async () => (await gql<{ launchCase: { id: string } }>(`mutation($s: ID!) { launchCase(specificationId: $s) { id } }`, { s: specificationId })).launchCase.id;
  const suspend = (caseId: string) => gql(`mutation($id: ID!) { suspendCase(id: $id) { status } }`, { id: caseId });
  const signIn = async () => (await gql<{ login: { accessToken: string } }>(`mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { email: admin.email, password } }, '')).login.accessToken;
  /** A key bound to `clientName`, whose published list holds the one subscription its dashboard runs. */
  const partnerKey = async (clientName: string, name: string) => {
    await gql(`mutation($c: String!, $m: PersistedQueryManifestInput!) { publishPersistedQueryManifest(clientName: $c, manifest: $m) { activeVersion } }`, { c: clientName, m: manifestOf([CASE_EVENTS]) });
    return (
      await gql<{ createApiKey: { secret: string; apiKey: { id: string } } }>(`mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret apiKey { id } } }`, {
        i: { name, role: 'VIEWER', scopes: ['workflows:read'], clientName },
      })
    ).createApiKey;
  };
  const caseEventsOf = (connectionParams: Record<string, string>, caseId?: string) =>
    track(subscribe<Events>({ url: platform.wsUrl, connectionParams, query: CASE_EVENTS, variables: caseId ? { caseId } : {} }));

  /** A later event of `caseId` (its suspension), seen by a subscriber whose credential is fine, so its absence elsewhere means something. */
  const laterEventOf = async (caseId: string) => {
    const control = caseEventsOf({ authorization: `Bearer ${admin.token}` }, caseId);
    await expect.poll(() => events(control).length, { timeout: 60_000 }).toBeGreaterThan(0);
    await suspend(caseId);
    await expect.poll(() => events(control).some((e) => e.type === 'case.suspended'), { timeout: 60_000 }).toBe(true);
    // The refused subscriber would have had it by now too, on the same gateway.
    await sleep(300);
  };

  /** All-cases subscriptions deliver from when they are live at workflows on: launch probe cases until one's events arrive. */
  const launchUntilSeen = (subscriber: Subscriber<Events>) => untilProbeSeen(launch, (probes) => events(subscriber).some((e) => probes.has(e.case.id)));

  /** A connection the gateway must refuse at `connection_init`: 4401 and no payload at all. */
  const expectRefused = async (connectionParams: Record<string, string>) => {
    const refused = caseEventsOf(connectionParams);
    await expect.poll(() => refused.state().closeCode, { timeout: 60_000 }).toBe(WsCloseCode.Unauthorized);
    expect(refused.results).toEqual([]);
  };

  beforeAll(async () => {
    key = await signingKey();
    platform = await startLivePlatform({ key, websocket: { credentialRecheckMs: RECHECK_MS }, apiKeyTokenTtlSeconds: API_KEY_TOKEN_TTL_S });
    const slug = `ws-auth-${randomUUID().slice(0, 8)}`;
    const email = `${slug}@example.com`;
    const signedUp = await postGraphQL<{ signUp: { accessToken: string; user: { id: string; tenant: { id: string } } } }>(
      platform.url,
      `mutation($i: SignUpInput!) { signUp(input: $i) { accessToken user { id tenant { id } } } }`,
      { variables: { i: { tenantName: 'Websocket Auth', tenantSlug: slug, email, name: 'WS Admin', password } } },
    );
    expect(signedUp.body.errors).toBeUndefined();
    const { accessToken, user } = signedUp.body.data!.signUp;
    admin = { token: accessToken, id: user.id, tenantId: user.tenant.id, email };
    const imported = await gql<{ importSpecification: { specifications: { id: string }[] } }>(`mutation($x: String!) { importSpecification(xml: $x) { specifications { id } } }`, { x: concertXml() });
    specificationId = imported.importSpecification.specifications[0]!.id;
    // Until workflows' consumer has joined its group, live events wait in Kafka; the tests time what follows.
    const warmUp = await launch();
    const control = caseEventsOf({ authorization: `Bearer ${admin.token}` }, warmUp);
    await until('the first events', () => events(control).length > 0, 60_000);
    await suspend(warmUp);
    await until('a live event through Kafka', () => events(control).some((e) => e.type === 'case.suspended'), 60_000);
  });
  afterAll(async () => {
    await Promise.all(open.map((subscriber) => subscriber.close()));
    await platform?.close();
  });

  it('closes a connection with 4403 when its access token expires, and delivers nothing after', async () => {
    const caseId = await launch();
    const token = await key.sign({ sub: admin.id, tenant: admin.tenantId, role: 'admin', expiresInSeconds: 3 });
    const expiresAt = decodeJwt(token).exp! * 1000;
    const shortLived = caseEventsOf({ authorization: `Bearer ${token}` }, caseId);
    await expect.poll(() => events(shortLived).length, { timeout: 60_000 }).toBeGreaterThan(0);
    expect(events(shortLived)[0]).toMatchObject({ sequence: 1, type: 'case.started', case: { id: caseId } });
    expect(shortLived.state().closeCode).toBeUndefined();

    await expect.poll(() => shortLived.state().closeCode, { timeout: 60_000 }).toBe(WsCloseCode.TokenExpired);
    expect(shortLived.state().closedAt).toBeGreaterThanOrEqual(expiresAt - 20);
    // Workflows ends the gateway's upstream subscription at the same instant (same token); the client sees
    // only the gateway's own 4403, never an error payload about the upstream just before it.
    expect(shortLived.results.filter((r) => r.errors)).toEqual([]);
    const delivered = shortLived.received();
    await laterEventOf(caseId);
    expect(shortLived.received()).toBe(delivered);
    expect(events(shortLived).some((e) => e.type === 'case.suspended')).toBe(false);
    // The expired token opens nothing either.
    await expectRefused({ authorization: `Bearer ${token}` });
  });

  it("goes on past its token's expiry when the client renews the token with a ping, upstream too; another caller's token gets 4401", async () => {
    const caseId = await launch();
    const token = await key.sign({ sub: admin.id, tenant: admin.tenantId, role: 'admin', expiresInSeconds: 3 });
    const expiresAt = decodeJwt(token).exp! * 1000;
    // `startedBy` comes from identity, fetched per event with the token the gateway forwards.
    const renewed = track(
      subscribe<{ caseEvents: Notification & { case: { startedBy: { email: string } } } }>({
        url: platform.wsUrl,
        connectionParams: { authorization: `Bearer ${token}` },
        query: `subscription($caseId: ID) { caseEvents(caseId: $caseId) { cursor sequence type case { id status startedBy { email } } } }`,
        variables: { caseId },
      }),
    );
    await expect.poll(() => events(renewed).length, { timeout: 60_000 }).toBeGreaterThan(0);
    renewed.renew(`Bearer ${await key.sign({ sub: admin.id, tenant: admin.tenantId, role: 'admin', expiresInSeconds: 120 })}`);

    await sleep(expiresAt - Date.now() + 1_500);
    expect(renewed.state().closeCode).toBeUndefined();
    // The gateway's connection to workflows was opened with the first token too: an event now must
    // come through it, and identity must accept the token forwarded for `startedBy`.
    await suspend(caseId);
    await expect.poll(() => events(renewed).some((e) => e.type === 'case.suspended' && e.case.status === 'SUSPENDED'), { timeout: 60_000 }).toBe(true);
    expect(renewed.results.at(-1)?.data?.caseEvents.case.startedBy).toEqual({ email: admin.email });
    expect(renewed.results.filter((r) => r.errors)).toEqual([]);

    const hijacked = caseEventsOf({ authorization: `Bearer ${admin.token}` }, caseId);
    await expect.poll(() => events(hijacked).length, { timeout: 60_000 }).toBeGreaterThan(0);
    hijacked.renew(`Bearer ${await key.sign({ sub: randomUUID(), tenant: admin.tenantId, role: 'admin', expiresInSeconds: 120 })}`);
    await expect.poll(() => hijacked.state().closeCode, { timeout: 60_000 }).toBe(WsCloseCode.Unauthorized);
  });

  it('closes a connection with 4401 soon after its access token is revoked by logout, and delivers nothing after', async () => {
    const caseId = await launch();
    const session = await signIn();
    const subscriber = caseEventsOf({ authorization: `Bearer ${session}` }, caseId);
    await expect.poll(() => events(subscriber).length, { timeout: 60_000 }).toBeGreaterThan(0);

    const loggedOutAt = Date.now();
    expect(await gql<{ logout: boolean }>(`mutation { logout }`, {}, session)).toEqual({ logout: true });
    await expect.poll(() => subscriber.state().closeCode, { timeout: 60_000 }).toBe(WsCloseCode.Unauthorized);
    expect(subscriber.state().closedAt! - loggedOutAt).toBeLessThan(RECHECK_MS * 4);
    expect(subscriber.results.every((r) => r.errors === undefined)).toBe(true);
    const delivered = subscriber.received();
    await laterEventOf(caseId);
    expect(subscriber.received()).toBe(delivered);
    await expectRefused({ authorization: `Bearer ${session}` });
  });

  it("serves a partner's API key over the websocket: its tenant's events, until the key is revoked (4401)", async () => {
    const { secret, apiKey } = await partnerKey('dashboard', 'Dashboard');
    const partner = caseEventsOf({ 'x-api-key': secret });
    await launchUntilSeen(partner);
    // Live now: a case launched from here on reaches the partner whole.
    const caseId = await launch();
    const { history } = (await gql<{ case: { history: { sequence: number; type: string }[] } }>(`query($id: ID!) { case(id: $id) { history { sequence type } } }`, { id: caseId })).case;
    const ofCase = () => events(partner).filter((e) => e.case.id === caseId);
    await expect.poll(() => ofCase().length, { timeout: 60_000 }).toBe(history.length);
    expect(ofCase().map(({ sequence, type }) => ({ sequence, type }))).toEqual(history);
    expect(ofCase()[0]).toMatchObject({ sequence: 1, type: 'case.started', case: { id: caseId, status: 'RUNNING' } });
    expect(partner.results.every((r) => r.errors === undefined)).toBe(true);

    const revokedAt = Date.now();
    await gql(`mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, { id: apiKey.id });
    await expect.poll(() => partner.state().closeCode, { timeout: 60_000 }).toBe(WsCloseCode.Unauthorized);
    expect(partner.state().closedAt! - revokedAt).toBeLessThan(RECHECK_MS * 4);
    const delivered = partner.received();
    await laterEventOf(await launch());
    expect(partner.received()).toBe(delivered);
    await expectRefused({ 'x-api-key': secret });
  });

  it("refuses over the websocket what a partner's list does not hold, as over HTTP, and runs what it does", async () => {
    const { secret } = await partnerKey('dashboard-listed', 'Listed dashboard');
    const unlisted = track(subscribe<{ workQueueChanged: { kind: string } }>({ url: platform.wsUrl, connectionParams: { 'x-api-key': secret }, query: `subscription { workQueueChanged { kind } }` }));
    await expect.poll(() => unlisted.state().failure, { timeout: 60_000 }).toBeDefined();
    expect(unlisted.state().failure).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'OPERATION_NOT_ALLOWED' }) })]);
    expect(unlisted.results).toEqual([]);
    // The listed subscription of the same key, whitespace and all, is served.
    const listed = caseEventsOf({ 'x-api-key': secret });
    await launchUntilSeen(listed);
    expect(listed.results.every((r) => r.errors === undefined)).toBe(true);
  });

  it("keeps an API-key connection open past the exchanged token's lifetime: the gateway renews it, upstream too", async () => {
    const { secret } = await partnerKey('wallboard', 'Wallboard');
    const partner = caseEventsOf({ 'x-api-key': secret });
    await launchUntilSeen(partner);
    // Two lifetimes of the exchanged token: each connection (to the gateway, and the gateway's to workflows) needed renewing at least once.
    await sleep(2 * API_KEY_TOKEN_TTL_S * 1_000 + 500);
    expect(partner.state().closeCode).toBeUndefined();
    const caseId = await launch();
    await expect.poll(() => events(partner).some((e) => e.case.id === caseId && e.type === 'case.started'), { timeout: 60_000 }).toBe(true);
    expect(partner.results.filter((r) => r.errors)).toEqual([]);
  });

  it('refuses an unknown API key with 4401 and no data', async () => {
    await expectRefused({ 'x-api-key': `fgk_Unknown0_${'A'.repeat(43)}` });
    await expectRefused({ 'x-api-key': 'not-an-api-key' });
  });
});
