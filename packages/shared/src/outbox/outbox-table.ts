import { sql } from 'drizzle-orm';
import { bigserial, index, jsonb, text, timestamp, uuid, type PgSchema } from 'drizzle-orm/pg-core';
import type { EventEnvelope } from '../events/envelope.js';

/**
 * The outbox of one subgraph, in that subgraph's own Postgres schema. Events are inserted
 * in the same transaction as the state change they describe; the relay publishes them later.
 */
export function outboxTable(schema: PgSchema) {
  return schema.table(
    'outbox',
    {
      // Publication order: the order in which the writing transactions inserted them.
      seq: bigserial('seq', { mode: 'number' }).primaryKey(),
      id: uuid('id').notNull().unique(),
      topic: text('topic').notNull(),
      key: text('key').notNull(),
      envelope: jsonb('envelope').$type<EventEnvelope>().notNull(),
      createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
      publishedAt: timestamp('published_at', { withTimezone: true }),
    },
    (table) => [index('outbox_unpublished_idx').on(table.seq).where(sql`${table.publishedAt} is null`)],
  );
}

export type OutboxTable = ReturnType<typeof outboxTable>;
