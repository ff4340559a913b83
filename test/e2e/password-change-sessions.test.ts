import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '@flowgraph/shared';
import { postGraphQL, type GraphQLResponse } from '../support/http.js';
import { startLivePlatform, type LivePlatform } from '../support/live-platform.js';

const LOGIN = `mutation($i: LoginInput!) { login(input: $i) { accessToken refreshToken } }`;
const REFRESH = `mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken } }`;
const CHANGE_PASSWORD = `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }`;
const SPECIFICATIONS = `{ specifications(first: 1) { id } }`;

interface Session {
  accessToken: string;
  refreshToken: string;
}

const codeOf = (response: GraphQLResponse) => response.body.errors?.[0]?.extensions?.code;

/**
 * A stolen session is the reason to change a password: on the real services (Redis denylist shared
 * by identity, workflows and the gateway), changing it through one sign-in ends every other one at
 * once, at the gateway and at a subgraph called directly, and leaves the caller's own working.
 */
describe('changePassword ends the other sessions of the person (live platform)', () => {
  let platform: LivePlatform;
  beforeAll(async () => {
    platform = await startLivePlatform();
  });
  afterAll(() => platform?.close());

  const post = <TData = Record<string, unknown>>(query: string, options: { variables?: Record<string, unknown>; token?: string } = {}) => postGraphQL<TData>(platform.url, query, options);
  const atWorkflows = (token: string) => postGraphQL(`${platform.subgraphs.workflows.url}/graphql`, SPECIFICATIONS, { token });
  const login = async (password: string) => {
    const response = await post<{ login: Session }>(LOGIN, { variables: { i: { email: demo.users.user.email, password } } });
    expect(response.body.errors).toBeUndefined();
    return response.body.data!.login;
  };

  it("refuses the other session's access token at the gateway and at workflows, and its refresh token; the caller's goes on", async () => {
    const owner = await login(demo.password);
    const thief = await login(demo.password);
    expect((await atWorkflows(thief.accessToken)).body.errors).toBeUndefined();

    const changed = await post<{ changePassword: boolean }>(CHANGE_PASSWORD, { variables: { c: demo.password, n: 'owner-took-it-back' }, token: owner.accessToken });
    expect(changed.body.errors).toBeUndefined();
    expect(changed.body.data?.changePassword).toBe(true);

    const atGateway = await post(SPECIFICATIONS, { token: thief.accessToken });
    expect(atGateway.status).toBe(401);
    expect(codeOf(atGateway)).toBe('UNAUTHENTICATED');
    const direct = await atWorkflows(thief.accessToken);
    expect(codeOf(direct)).toBe('UNAUTHENTICATED');
    expect(direct.body.data ?? null).toBeNull();
    expect(codeOf(await post(REFRESH, { variables: { t: thief.refreshToken } }))).toBe('UNAUTHENTICATED');

    const ownersQuery = await post<{ specifications: { id: string }[] }>(SPECIFICATIONS, { token: owner.accessToken });
    expect(ownersQuery.body.errors).toBeUndefined();
    expect(ownersQuery.body.data?.specifications).toHaveLength(1);
    const renewed = await post<{ refreshSession: Session }>(REFRESH, { variables: { t: owner.refreshToken } });
    expect(renewed.body.errors).toBeUndefined();
    expect((await atWorkflows(renewed.body.data!.refreshSession.accessToken)).body.errors).toBeUndefined();
    expect(codeOf(await post(LOGIN, { variables: { i: { email: demo.users.user.email, password: demo.password } } }))).toBe('UNAUTHENTICATED');
    await login('owner-took-it-back');
  });
});
