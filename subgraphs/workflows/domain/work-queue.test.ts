import { describe, expect, it } from 'vitest';
import { inWorkQueue, mayChangeQueue, queueEntry, workQueueChange, type QueueFacts, type QueueOwner } from './work-queue.js';

const ann: QueueOwner = { userId: 'ann', roles: ['user', 'clerk'] };
const offered = (roles: string[], participants: string[]): QueueFacts => ({ status: 'offered', offeredTo: { roles, participants } });

describe('inWorkQueue', () => {
  it('holds items offered to the user by id or by one of their roles, and items offered to nobody in particular', () => {
    expect(inWorkQueue(offered([], ['ann']), ann)).toBe(true);
    expect(inWorkQueue(offered(['clerk'], []), ann)).toBe(true);
    expect(inWorkQueue(offered(['manager'], ['bob']), ann)).toBe(false);
    expect(inWorkQueue(offered([], []), ann)).toBe(true);
    // Enabled without an offer: open to the whole tenant.
    expect(inWorkQueue({ status: 'enabled' }, ann)).toBe(true);
    expect(inWorkQueue({ status: 'enabled', offeredTo: { roles: ['manager'], participants: [] } }, ann)).toBe(false);
  });

  it('holds items allocated to or started by the user, and no one else’s', () => {
    expect(inWorkQueue({ status: 'allocated', allocatedTo: 'ann' }, ann)).toBe(true);
    expect(inWorkQueue({ status: 'allocated', allocatedTo: 'bob' }, ann)).toBe(false);
    expect(inWorkQueue({ status: 'started', allocatedTo: 'ann', startedBy: 'ann' }, ann)).toBe(true);
    expect(inWorkQueue({ status: 'started', startedBy: 'bob' }, ann)).toBe(false);
  });

  it('holds atomic items and MI instances, never the engine\'s own items (MI parents, composite tasks)', () => {
    expect(inWorkQueue({ status: 'enabled', kind: 'atomic' }, ann)).toBe(true);
    expect(inWorkQueue({ status: 'enabled', kind: 'instance' }, ann)).toBe(true);
    // As an older engine left them: enabled and open to everyone, still not people's work.
    expect(inWorkQueue({ status: 'enabled', kind: 'multiple' }, ann)).toBe(false);
    expect(inWorkQueue({ status: 'enabled', kind: 'composite' }, ann)).toBe(false);
    expect(inWorkQueue({ status: 'started', kind: 'multiple', startedBy: 'ann' }, ann)).toBe(false);
  });

  it('drops suspended and finished items, whoever they belong to', () => {
    for (const status of ['suspended', 'completed', 'skipped', 'cancelled', 'withdrawn'] as const) {
      expect(inWorkQueue({ status, startedBy: 'ann', allocatedTo: 'ann' }, ann)).toBe(false);
    }
  });
});

describe('workQueueChange', () => {
  it('follows an item offered to everyone through start and completion', () => {
    const open: QueueFacts = { status: 'enabled' };
    const added = workQueueChange(undefined, open, ann);
    expect(added).toEqual({ kind: 'ADDED', entry: queueEntry(open) });
    const started: QueueFacts = { status: 'started', startedBy: 'ann' };
    const updated = workQueueChange(added!.entry, started, ann);
    expect(updated).toEqual({ kind: 'UPDATED', entry: queueEntry(started) });
    expect(workQueueChange(updated!.entry, { status: 'completed', startedBy: 'ann' }, ann)).toEqual({ kind: 'REMOVED', entry: undefined });
  });

  it('removes an item from the queue of everyone but the user who took it', () => {
    const entry = queueEntry({ status: 'enabled' });
    const takenByBob: QueueFacts = { status: 'allocated', allocatedTo: 'bob' };
    expect(workQueueChange(entry, takenByBob, ann)?.kind).toBe('REMOVED');
    expect(workQueueChange(entry, takenByBob, { userId: 'bob', roles: [] })?.kind).toBe('UPDATED');
  });

  it('reports nothing when the facts are as last reported, or the item was never in the queue', () => {
    // The `offered` event right after `enabled` to everyone, read after both: the item is as reported.
    const item = offered(['clerk'], []);
    expect(workQueueChange(queueEntry(item), item, ann)).toBeUndefined();
    expect(workQueueChange(undefined, offered(['manager'], []), ann)).toBeUndefined();
    expect(workQueueChange(undefined, { status: 'completed', startedBy: 'ann' }, ann)).toBeUndefined();
  });

  it('reports a re-offer that keeps the item in the queue as an update', () => {
    const before = offered(['clerk'], []);
    expect(workQueueChange(queueEntry(before), offered(['clerk', 'manager'], []), ann)?.kind).toBe('UPDATED');
  });

  it('treats a projection row and the engine item with the same facts as the same entry', () => {
    // A row has nulls and empty arrays where the engine leaves fields out.
    expect(queueEntry({ status: 'enabled', offeredTo: { roles: [], participants: [] }, allocatedTo: null, startedBy: null })).toBe(queueEntry({ status: 'enabled' }));
    expect(queueEntry(offered(['b', 'a'], []))).toBe(queueEntry(offered(['a', 'b'], [])));
  });
});

describe('mayChangeQueue', () => {
  it('skips events that end an item the subscriber does not hold, and keeps everything else', () => {
    expect(mayChangeQueue('workitem.completed', false)).toBe(false);
    expect(mayChangeQueue('workitem.cancelled', false)).toBe(false);
    expect(mayChangeQueue('workitem.completed', true)).toBe(true);
    expect(mayChangeQueue('workitem.offered', false)).toBe(true);
    expect(mayChangeQueue('workitem.resumed', false)).toBe(true);
  });
});
