import { describe, expect, it } from 'vitest';
import { workItemAccess, type AccessFacts, type Caller, type WorkItemAction } from './work-item-access.js';
import { inWorkQueue } from './work-queue.js';

const ann: Caller = { userId: 'ann', roles: ['user'] };
const bob: Caller = { userId: 'bob', roles: ['user'] };
const ada: Caller = { userId: 'ada', roles: ['admin'] };
const vic: Caller = { userId: 'vic', roles: ['viewer'] };

const item = (facts: Omit<AccessFacts, 'id'>): AccessFacts => ({ id: 'c:T:1', ...facts });
const open = item({ status: 'enabled' });
const toManagers = item({ status: 'offered', offeredTo: { roles: ['admin'], participants: ['carl'] } });
const toAnn = item({ status: 'offered', offeredTo: { roles: [], participants: ['ann'] } });
const toUsers = item({ status: 'offered', offeredTo: { roles: ['user'], participants: [] } });
const allocatedToAnn = item({ status: 'allocated', allocatedTo: 'ann' });
const startedByAnn = item({ status: 'started', startedBy: 'ann' });
const suspendedAllocated = item({ status: 'suspended', allocatedTo: 'ann' });
const suspendedOpen = item({ status: 'suspended' });

/** Skipping needs the task's canSkip grant; these tests grant it to all unless they are about the grant. */
const skippable = { all: true, roles: [], participants: [] };
const may = (action: WorkItemAction, facts: AccessFacts, caller: Caller) => workItemAccess(action, action === 'skip' ? { skipGrant: skippable, ...facts } : facts, caller).allowed;
const ACTIONS: WorkItemAction[] = ['offer', 'allocate', 'start', 'skip', 'complete', 'suspend', 'resume', 'cancel'];

describe('workItemAccess', () => {
  it('lets a user claim (allocate, start, skip) an item offered to them, their role or nobody in particular, and not one offered to others', () => {
    for (const action of ['allocate', 'start', 'skip'] as const) {
      expect(may(action, open, ann)).toBe(true);
      expect(may(action, toAnn, ann)).toBe(true);
      expect(may(action, toUsers, ann)).toBe(true);
      expect(may(action, toAnn, bob)).toBe(false);
      expect(may(action, toManagers, ann)).toBe(false);
    }
    expect(workItemAccess('allocate', toManagers, ann)).toEqual({ allowed: false, reason: 'work item c:T:1 is offered to roles [admin] and users [carl]; you are not among them' });
  });

  it('keeps a claimed item to its holder: only they start, skip, complete, suspend and resume it', () => {
    for (const action of ['start', 'skip', 'suspend'] as const) {
      expect(may(action, allocatedToAnn, ann)).toBe(true);
      expect(may(action, allocatedToAnn, bob)).toBe(false);
    }
    for (const action of ['complete', 'suspend'] as const) {
      expect(may(action, startedByAnn, ann)).toBe(true);
      expect(may(action, startedByAnn, bob)).toBe(false);
    }
    expect(may('resume', suspendedAllocated, ann)).toBe(true);
    expect(may('resume', suspendedAllocated, bob)).toBe(false);
    expect(workItemAccess('complete', startedByAnn, bob)).toEqual({ allowed: false, reason: 'work item c:T:1 is started by user ann; only they or a tenant admin may complete it' });
    // The one who started it holds it, even over the one it was allocated to (an admin took it over).
    const takenOver = item({ status: 'started', allocatedTo: 'ann', startedBy: 'ada' });
    expect(may('complete', takenOver, ann)).toBe(false);
  });

  it('leaves items nobody holds to admins for complete, suspend and resume', () => {
    for (const action of ['complete', 'suspend'] as const) expect(may(action, open, ann)).toBe(false);
    expect(may('resume', suspendedOpen, ann)).toBe(false);
    expect(workItemAccess('complete', open, ann)).toMatchObject({ reason: expect.stringContaining('only the user who started it or a tenant admin may complete it') });
  });

  it('leaves the engine\'s own items (MI parents) to the engine: no user acts on one, even one an older engine left open', () => {
    const parent = item({ status: 'enabled', kind: 'multiple' });
    for (const action of ACTIONS) expect(may(action, parent, ann)).toBe(false);
    expect(workItemAccess('start', parent, ann)).toEqual({ allowed: false, reason: "work item c:T:1 is the engine's (a multiple-instance parent: its instances are the work)" });
    // Admins still pass, and the engine refuses what its status does not allow.
    expect(may('cancel', parent, ada)).toBe(true);
  });

  it('reserves offer and cancel to admins, lets admins do everything, and viewers nothing', () => {
    for (const facts of [open, toAnn, allocatedToAnn, startedByAnn]) {
      expect(may('offer', facts, ann)).toBe(false);
      expect(may('cancel', facts, ann)).toBe(false);
    }
    for (const action of ACTIONS) {
      for (const facts of [open, toManagers, toAnn, allocatedToAnn, startedByAnn, suspendedOpen]) {
        expect(may(action, facts, ada)).toBe(true);
        expect(may(action, facts, vic)).toBe(false);
      }
    }
  });

  it('lets a user skip only where the task grants them canSkip (all, their id or one of their roles), and never someone else’s item', () => {
    const withGrant = (skipGrant: AccessFacts['skipGrant']) => ({ ...toUsers, skipGrant });
    expect(workItemAccess('skip', withGrant(undefined), ann)).toEqual({ allowed: false, reason: 'task of work item c:T:1 does not grant you the canSkip privilege' });
    expect(workItemAccess('skip', withGrant({ all: false, roles: [], participants: [] }), ann).allowed).toBe(false);
    expect(workItemAccess('skip', withGrant({ all: false, roles: [], participants: ['ann'] }), ann).allowed).toBe(true);
    expect(workItemAccess('skip', withGrant({ all: false, roles: [], participants: ['ann'] }), bob).allowed).toBe(false);
    expect(workItemAccess('skip', withGrant({ all: false, roles: ['user'], participants: [] }), bob).allowed).toBe(true);
    // The grant does not reach past the offer or the holder.
    expect(workItemAccess('skip', { ...toAnn, skipGrant: skippable }, bob).allowed).toBe(false);
    expect(workItemAccess('skip', { ...allocatedToAnn, skipGrant: skippable }, bob).allowed).toBe(false);
    // Admins skip without a grant.
    expect(workItemAccess('skip', withGrant(undefined), ada).allowed).toBe(true);
  });

  it('passes the holder through where the engine will say the status does not allow it', () => {
    // Completing twice, starting a started item: the holder gets the engine's CONFLICT, not FORBIDDEN.
    expect(may('complete', item({ status: 'completed', startedBy: 'ann' }), ann)).toBe(true);
    expect(may('start', startedByAnn, ann)).toBe(true);
    expect(may('start', startedByAnn, bob)).toBe(false);
  });

  it('agrees with the work queue: for every status a claim applies to, a user may claim exactly what their queue shows', () => {
    const items = [open, toManagers, toAnn, toUsers, allocatedToAnn, item({ status: 'allocated', allocatedTo: 'bob' })];
    for (const facts of items) {
      for (const caller of [ann, bob]) {
        if (facts.status !== 'allocated') expect(may('allocate', facts, caller)).toBe(inWorkQueue(facts, caller));
        expect(may('start', facts, caller)).toBe(inWorkQueue(facts, caller));
        expect(may('skip', facts, caller)).toBe(inWorkQueue(facts, caller));
      }
    }
    for (const facts of [startedByAnn, item({ status: 'started', startedBy: 'bob' })]) {
      for (const caller of [ann, bob]) expect(may('complete', facts, caller)).toBe(inWorkQueue(facts, caller));
    }
  });
});
