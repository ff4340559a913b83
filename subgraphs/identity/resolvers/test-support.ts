import type { EventEnvelope } from '@flowgraph/shared';
import type { Harness } from '../../../test/support/subgraph-harness.js';
import type { Context } from '../context.js';
import { identitySubgraph } from '../index.js';
import { IDENTITY_TOPIC } from '../domain/identity-events.js';

export const testOptions = { JWT_ISSUER: 'test', JWT_AUDIENCE: 'test', JWT_DEV_KEY_FILE: '' };
export const testSubgraph = () => identitySubgraph(testOptions);

export interface EventLog {
  readonly events: EventEnvelope[];
  /** Resolves with the first event of `type` matching `where`, once the relay has delivered it. */
  waitFor(type: string, where?: (event: EventEnvelope) => boolean, timeoutMs?: number): Promise<EventEnvelope>;
}

export async function recordEvents(h: Harness<Context>): Promise<EventLog> {
  const events: EventEnvelope[] = [];
  await h.deps.events.subscribe({
    groupId: `identity-test-${Math.random()}`,
    topic: IDENTITY_TOPIC,
    handler: (event) => {
      events.push(event);
      return Promise.resolve();
    },
  });
  return {
    events,
    async waitFor(type, where = () => true, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = events.find((e) => e.type === type && where(e));
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no ${type} event; saw ${events.map((e) => e.type).join(', ')}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}

/** Secrets a test used; none may appear anywhere in a published event. */
export function expectNoSecrets(events: readonly EventEnvelope[], secrets: readonly string[]): void {
  const serialized = JSON.stringify(events);
  for (const secret of secrets) {
    if (serialized.includes(secret)) throw new Error(`an event leaked a secret: ${secret.slice(0, 4)}…`);
  }
}

export interface SessionFields {
  accessToken: string;
  refreshToken: string;
  refreshExpiresAt: string;
  user: { id: string; email: string };
}

export const SESSION_FIELDS = 'accessToken refreshToken refreshExpiresAt user { id email }';
