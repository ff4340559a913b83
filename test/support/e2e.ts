import { readFileSync } from 'node:fs';
import { demo } from '@flowgraph/shared';
import { postGraphQL } from './http.js';

/** Identity options for in-process platforms: a fresh, unpersisted signing key per run. */
export const TEST_IDENTITY = { JWT_ISSUER: 'flowgraph-identity', JWT_AUDIENCE: 'flowgraph', JWT_DEV_KEY_FILE: '' };

/** Signs in through `url` (the gateway) as a demo user and returns the access token; fails loudly otherwise. */
export async function login(url: string, email: string = demo.users.user.email): Promise<string> {
  const result = await postGraphQL<{ login: { accessToken: string } }>(url, `mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, {
    variables: { i: { email, password: demo.password } },
  });
  const token = result.body.data?.login.accessToken;
  if (!token) throw new Error(`login as ${email} failed: ${JSON.stringify(result.body.errors)}`);
  return token;
}

/** `../shared/yawl/OrganiseConcert.yawl`, the reference specification the e2e suites run. */
export const organiseConcertXml = (): string => readFileSync(new URL('../../../shared/yawl/OrganiseConcert.yawl', import.meta.url), 'utf8');

/**
 * What a person enters when completing an OrganiseConcert item: SellTickets' own figures, nothing
 * for DoShow, and otherwise the item's input echoed back (BookStadium's inputs are its outputs).
 */
export function organiseConcertOutput(taskId: string, input: Record<string, unknown> | null): Record<string, unknown> | undefined {
  if (taskId === 'SellTickets') return { TicketCost: 79.5, TicketsSold: 31000 };
  if (taskId === 'DoShow') return undefined;
  return input ?? undefined;
}
