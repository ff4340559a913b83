import { sql, type SQL } from 'drizzle-orm';
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
 * The CTEs both passes number with, over a CTE `pending` (one row per event, with its tenant_id):
 * `numbered` ranks each tenant's pending events by `order` (n of total), and `bumped` moves each
 * tenant's counter past them (`last`, its new value), so an event's position is last - total + n.
 */
const numberedAndCounted = (order: SQL) => sql`
      numbered as (
        select pending.*,
               row_number() over (partition by tenant_id order by ${order}) as n,
               count(*) over (partition by tenant_id) as total
        from pending
      ),
      bumped as (
        insert into ${tenantEventPositions} (tenant_id, position)
        select distinct tenant_id, total from numbered
        on conflict (tenant_id) do update set position = ${tenantEventPositions}.position + excluded.position
        returning tenant_id, position as last
      )`;

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
  return underSequencerLock(db, async (tx) => {
    const [row] = await rowsOf<{ sequenced: number }>(
      tx.execute(sql`
      with pending as (
        select seq, (envelope->>'tenantId')::uuid as tenant_id, (envelope->'data'->>'caseId')::uuid as case_id, (envelope->'data'->>'sequence')::bigint as sequence
        from ${outbox}
        where published_at is null and topic = ${CASE_EVENTS_TOPIC} and envelope->'data'->'position' is null
        order by seq
        limit ${batchSize}
      ),
      ${numberedAndCounted(sql`seq`)},
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

/**
 * Numbers events whose outbox rows went out without a position: published by a relay of a
 * release before positions, which can run beside this one during a rolling upgrade. Numbered
 * late, they reach tenant-wide subscribers through the log (a gap fill or a resume), possibly
 * after later events of the same case that this release numbered first; case subscriptions,
 * which order by sequence, are unaffected. Events still waiting in the outbox are left to
 * `sequenceCaseEvents`. Returns how many it numbered.
 */
export async function sequenceStragglers(db: Db, batchSize = 1_000): Promise<number> {
  return underSequencerLock(db, async (tx) => {
    const [row] = await rowsOf<{ sequenced: number }>(
      tx.execute(sql`
      with pending as (
        select e.tenant_id, e.case_id, e.sequence
        from ${caseEvents} e
        where e.position is null
          and not exists (
            select 1 from ${outbox} o
            where o.published_at is null and o.topic = ${CASE_EVENTS_TOPIC} and o.key = e.case_id::text
              and (o.envelope->'data'->>'sequence')::bigint = e.sequence
          )
        order by e.occurred_at, e.case_id, e.sequence
        limit ${batchSize}
      ),
      ${numberedAndCounted(sql`case_id, sequence`)},
      logged as (
        update ${caseEvents} e set position = b.last - n.total + n.n
        from numbered n join bumped b using (tenant_id)
        where e.case_id = n.case_id and e.sequence = n.sequence
        returning e.case_id
      )
      select count(*)::int as sequenced from logged`),
    );
    return row?.sequenced ?? 0;
  });
}

type Transaction = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Runs `work` in a transaction holding the sequencer's lock, or resolves 0 when another instance holds it. */
function underSequencerLock(db: Db, work: (tx: Transaction) => Promise<number>): Promise<number> {
  return db.transaction(async (tx) => {
    // Taken before `work` starts its statements, whose snapshots then see the last holder's work.
    const [lock] = await rowsOf<{ held: boolean }>(tx.execute(sql`select pg_try_advisory_xact_lock(${SEQUENCER_LOCK}) as held`));
    return lock?.held ? work(tx) : 0;
  });
}

/** How often the relay also looks for stragglers (see sequenceStragglers); they only appear during a rolling upgrade. */
const STRAGGLER_INTERVAL_MS = 60_000;

/** What the workflows outbox relay runs before each batch: numbering, and now and then a look for stragglers. */
export function caseEventNumbering(db: Db): () => Promise<number> {
  let strayedAt = 0;
  return async () => {
    let numbered = await sequenceCaseEvents(db);
    if (Date.now() - strayedAt >= STRAGGLER_INTERVAL_MS) {
      strayedAt = Date.now();
      numbered += await sequenceStragglers(db);
    }
    return numbered;
  };
}
