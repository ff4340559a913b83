import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect } from 'vitest';
import { concertXml } from './e2e.js';
import type { Subscriber } from './graphql-ws-client.js';

/** What the slow-consumer suites need of a case event. */
export interface SlowConsumerNotification {
  cursor: string;
  sequence: number;
  type: string;
  case: { id: string; specification?: { description: string | null } };
}
export type SlowConsumerEvents = { caseEvents: SlowConsumerNotification };

/** Each heavy event carries the specification's description: large events fill the loopback socket buffers (several MB) after a few of them. */
export const DESCRIPTION_BYTES = 500_000;
export const HEAVY = `subscription { caseEvents { cursor sequence type case { id specification { description } } } }`;
export const LIGHT = `subscription { caseEvents { cursor sequence type case { id } } }`;

/**
 * The websocket keep-alive of the servers a slow-consumer suite stalls a client on: longer than any
 * stall. graphql-ws pings every 12 s by default and drops a connection that has not answered by the
 * next ping, which a client that stopped reading cannot; a loaded machine stretches the stall past that.
 */
export const STALL_KEEP_ALIVE_MS = 600_000;

/** Generous deadlines for a machine under heavy load: they bound a failure, never pace a pass. */
export const DEADLINE = { live: 90_000, delivered: 90_000, heap: 60_000 } as const;

export const events = (subscriber: Subscriber<SlowConsumerEvents>) => subscriber.results.flatMap((r) => (r.data?.caseEvents ? [r.data.caseEvents] : []));
export const position = (e: SlowConsumerNotification) => `${e.case.id}#${e.sequence}`;

/** Whether `subscriber` has every event of each case in `expected` (case id → its number of events). */
export function hasAll(subscriber: Subscriber<SlowConsumerEvents>, expected: ReadonlyMap<string, number>): boolean {
  const seen = new Map<string, number>();
  for (const e of events(subscriber)) if (expected.has(e.case.id)) seen.set(e.case.id, (seen.get(e.case.id) ?? 0) + 1);
  return [...expected].every(([caseId, count]) => (seen.get(caseId) ?? 0) >= count);
}

/**
 * Waits until the live heap has grown by less than `bound` since `before`, and returns the growth.
 * Events on their way through this process (which hosts the servers) count while they travel, so
 * the heap is read until they have landed or been dropped; a server that holds them keeps it above.
 */
export async function heapGrowthBelow(before: number, bound: number, what: string): Promise<number> {
  let growth = liveHeap() - before;
  const deadline = Date.now() + DEADLINE.heap;
  while (growth >= bound && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    growth = liveHeap() - before;
  }
  expect(growth, `the heap grew by ${growth} bytes while ${what}`).toBeLessThan(bound);
  return growth;
}

/** The test concert with a description of about DESCRIPTION_BYTES, which HEAVY selects on every event. */
export const heavyConcertXml = () =>
  concertXml().replace(/<description>[^<]*<\/description>/, `<description>${'Long programme notes. '.repeat(Math.ceil(DESCRIPTION_BYTES / 22))}</description>`);

v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Live heap of this process (which hosts the servers under test) after full collections. */
export function liveHeap(): number {
  gc();
  gc();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external + usage.arrayBuffers;
}

/** The subscription's last payload is SLOW_CONSUMER naming `bound`, nothing before it is an error, and it ended without closing the socket. */
export function expectEndedAsSlowConsumer(slow: Subscriber<SlowConsumerEvents>, bound: number): void {
  const last = slow.results[slow.results.length - 1]!;
  expect(last.errors?.[0]?.extensions?.code).toBe('SLOW_CONSUMER');
  expect(last.errors?.[0]?.message).toMatch(`More than ${bound} events`);
  expect(slow.results.slice(0, -1).every((r) => r.errors === undefined)).toBe(true);
  // The subscription ended, not the connection.
  expect(slow.state().closeCode).toBeUndefined();
}
