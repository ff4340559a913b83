import { demo } from '@flowgraph/shared';
import { readSpecification } from '@flowgraph/yawl/testing/fixtures';
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

/**
 * The test concert (@flowgraph/yawl/testing/specifications/concert.yawl), the specification the e2e
 * suites run: HireVenue, SellTickets, then StageShow when enough tickets sold.
 */
export const concertXml = (): string => readSpecification('concert');

/**
 * What a person enters when completing a concert item: SellTickets' own figures (enough tickets
 * for the show), nothing for StageShow, and otherwise the item's input echoed back (HireVenue's
 * inputs are its outputs).
 */
export function concertOutput(taskId: string, input: Record<string, unknown> | null): Record<string, unknown> | undefined {
  if (taskId === 'SellTickets') return { TicketPrice: 79.5, TicketsSold: 31000 };
  if (taskId === 'StageShow') return undefined;
  return input ?? undefined;
}
