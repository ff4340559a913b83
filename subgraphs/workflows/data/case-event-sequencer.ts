import { sql } from 'drizzle-orm';
import { CASE_EVENTS_TOPIC, type Db } from '@flowgraph/shared';
import { caseEvents, outbox, tenantEventPositions } from './schema.js';

/** node-postgres and PGlite both answer `execute` with `{ rows }`; drizzle's shared type does not say so. */
const rowsOf = async <Row>(result: Promise<unknown>): Promise<Row[]> => ((await result) as { rows: Row[] }).rows;

/** Held for the length of one sequencing transaction, so one instance sequences at a time. */
const SEQUENCER_LOCK = 0x5ec0e7;

/**
 * Only sequenced case events may be published: the relay publishes a row when this holds, so
 * every live event carries its position, and a subscriber that sees position p knows that every
 * earlier position of the tenant is already committed and readable from the log.
 */
export const sequencedForPublishing = sql`(${outbox.topic} <> ${CASE_EVENTS_TOPIC} or ${outbox.envelope}->'data'->'position' is not null)`;

/**
 * Gives committed case events their position in their tenant's stream (1, 2, 3… without gaps)
 * in the log and in their outbox envelopes, in one transaction. Positions are handed out after
 * commit, never by the writing transactions: those commit in any order, so a number taken while
 * writing could become visible after a higher one, and a subscriber resuming past the higher one
 * would miss it. Here every position below a committed one is committed already.
 *
 * The work list is the unpublished outbox rows, in outbox order. That order keeps each case's
 * sequence (a case's next command inserts after the previous one committed), and it is read
 * from the outbox's unpublished-rows index: no scan grows with the log. Events are then found
 * in the log and the outbox by their primary keys.
 * Returns how many events it sequenced; 0 also when another instance holds the lock.
 */
export async function sequenceCaseEvents(db: Db, batchSize = 1_000): Promise<number> {
  return db.transaction(async (tx) => {
    // Taken before the statement below starts, whose snapshot then sees the last holder's work.
    const [lock] = await rowsOf<{ held: boolean }>(tx.execute(sql`select pg_try_advisory_xact_lock(${SEQUENCER_LOCK}) as held`));
    if (!lock?.held) return 0;
    const [row] = await rowsOf<{ sequenced: number }>(
      tx.execute(sql`
      with pending as (
        select seq, (envelope->>'tenantId')::uuid as tenant_id, (envelope->'data'->>'caseId')::uuid as case_id, (envelope->'data'->>'sequence')::bigint as sequence
        from ${outbox}
        where published_at is null and topic = ${CASE_EVENTS_TOPIC} and envelope->'data'->'position' is null
        order by seq
        limit ${batchSize}
      ),
      numbered as (
        select seq, tenant_id, case_id, sequence,
               row_number() over (partition by tenant_id order by seq) as n,
               count(*) over (partition by tenant_id) as total
        from pending
      ),
      bumped as (
        insert into ${tenantEventPositions} (tenant_id, position)
        select distinct tenant_id, total from numbered
        on conflict (tenant_id) do update set position = ${tenantEventPositions}.position + excluded.position
        returning tenant_id, position as last
      ),
      assigned as (
        select n.seq, n.case_id, n.sequence, b.last - n.total + n.n as position
        from numbered n join bumped b using (tenant_id)
      ),
      logged as (
        update ${caseEvents} e set position = a.position from assigned a
        where e.case_id = a.case_id and e.sequence = a.sequence
      ),
      enveloped as (
        update ${outbox} o set envelope = jsonb_set(o.envelope, '{data,position}', to_jsonb(a.position))
        from assigned a
        where o.seq = a.seq
        returning o.seq
      )
      select count(*)::int as sequenced from enveloped`),
    );
    return row?.sequenced ?? 0;
  });
}
