import type { PrivilegeGrant } from '@flowgraph/yawl';
import { isPeoplesWork, offerIncludes, type QueueFacts, type QueueOwner } from './work-queue.js';

/**
 * Who may act on a work item. The engine decides *when* an action applies (an item's status);
 * this rule decides *who*, from the same item the command runs on. It follows the work queue
 * (`inWorkQueue`): a caller may take, start, skip or finish an item only if it is in their queue,
 * so what a person cannot see as theirs they cannot act on. The one exception is resuming: the
 * queue leaves suspended items out, and their holder may still resume them.
 *
 *   action    a `user` may when                                                 engine allows from
 *   allocate  they may claim it: they hold it, or nobody does and the offer     enabled, offered
 *             names them, one of their roles, or nobody in particular
 *   start     they may claim it (starting claims it)                            enabled, offered, allocated
 *   skip      they may claim it, and the task grants them `canSkip`            enabled, offered, allocated
 *   complete  they hold it (started it)                                         started
 *   suspend   they hold it (started it, or it is allocated to them)             enabled … started
 *   resume    they hold it                                                      suspended
 *   offer     never: admins only                                                enabled, offered
 *   cancel    never: admins only                                                any live status
 *
 * Tenant admins may do every action on every item of their tenant: they redistribute and clear
 * work that is stuck with someone. Viewers may do none.
 *
 * "Holds" is `startedBy ?? allocatedTo`: once someone claimed the item it is theirs alone, and an
 * admin who starts someone's allocated item takes it over. A caller the rule lets through may
 * still be refused by the engine when the status does not allow the action (CONFLICT), e.g. the
 * holder completing their item twice.
 */
export type WorkItemAction = 'offer' | 'allocate' | 'start' | 'skip' | 'complete' | 'suspend' | 'resume' | 'cancel';

/** The caller: their user id and the platform roles their token carries (`admin`, `user`, `viewer`). */
export type Caller = QueueOwner;

/** What the rule reads of an item; the engine's `WorkItem` provides it, the task's resourcing the grant. */
export interface AccessFacts extends QueueFacts {
  id: string;
  /**
   * The task's `canSkip` privilege. Skipping completes the task without anyone doing it (its
   * output taken from its input), so, as in YAWL, holding the item is not enough: the task must
   * grant it, and grants nobody by default.
   */
  skipGrant?: PrivilegeGrant | undefined;
}

export type AccessDecision = { allowed: true } | { allowed: false; reason: string };

const ADMIN = 'admin';
/** Platform roles that may write at all; the others (viewers) only read. */
const WRITERS: readonly string[] = [ADMIN, 'user'];

const ADMIN_ONLY: ReadonlySet<WorkItemAction> = new Set(['offer', 'cancel']);
const CLAIMS: ReadonlySet<WorkItemAction> = new Set(['allocate', 'start', 'skip']);

const allowed: AccessDecision = { allowed: true };
const refused = (reason: string): AccessDecision => ({ allowed: false, reason });

/** Who holds the item: whoever started it, else whoever it is allocated to. */
export function holderOf(item: QueueFacts): string | undefined {
  return item.startedBy ?? item.allocatedTo ?? undefined;
}

export function workItemAccess(action: WorkItemAction, item: AccessFacts, caller: Caller): AccessDecision {
  if (caller.roles.includes(ADMIN)) return allowed;
  if (!caller.roles.some((role) => WRITERS.includes(role))) return refused(`you may only read work item ${item.id}: viewers cannot act on work items`);
  if (ADMIN_ONLY.has(action)) return refused(`only a tenant admin may ${action} work item ${item.id}`);
  if (!isPeoplesWork(item)) return refused(`work item ${item.id} is the engine's (${item.kind === 'composite' ? 'a composite task: its subnet\'s items are the work' : 'a multiple-instance parent: its instances are the work'})`);
  if (action === 'skip' && !granted(item.skipGrant, caller)) return refused(`task of work item ${item.id} does not grant you the canSkip privilege`);
  const holder = holderOf(item);
  if (holder === caller.userId) return allowed;
  if (holder !== undefined) {
    const how = item.startedBy ? 'started by' : 'allocated to';
    return refused(`work item ${item.id} is ${how} user ${holder}; only they or a tenant admin may ${action} it`);
  }
  if (!CLAIMS.has(action)) return refused(`work item ${item.id} is not held by you: only the user who ${action === 'complete' ? 'started' : 'took'} it or a tenant admin may ${action} it`);
  if (offerIncludes(item.offeredTo, caller)) return allowed;
  return refused(`work item ${item.id} is offered to ${describeOffer(item.offeredTo)}; you are not among them`);
}

function granted(grant: PrivilegeGrant | undefined, caller: Caller): boolean {
  if (!grant) return false;
  return grant.all || grant.participants.includes(caller.userId) || grant.roles.some((role) => caller.roles.includes(role));
}

function describeOffer(offeredTo: QueueFacts['offeredTo']): string {
  const parts: string[] = [];
  if (offeredTo?.roles.length) parts.push(`roles [${offeredTo.roles.join(', ')}]`);
  if (offeredTo?.participants.length) parts.push(`users [${offeredTo.participants.join(', ')}]`);
  return parts.join(' and ');
}
