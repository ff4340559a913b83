import type { CaseState, Command, EngineEvent, Specification, Task } from '@flowgraph/yawl';

/**
 * YAWL's system-initiated offers: when a task's resourcing says the system offers it to a
 * distribution set, the newly enabled item is offered to those roles and participants at once.
 * User-initiated offers are left to people (the item stays enabled, open to the tenant). Items
 * the engine started on enabling (composite tasks, MI parents) are nobody's to be offered; an MI
 * task's instances are offered as the task says.
 */
export function systemOffers(spec: Specification, state: CaseState, events: readonly EngineEvent[], now: string): Command[] {
  const commands: Command[] = [];
  for (const event of events) {
    if (event.type !== 'workitem.enabled' || !event.workItemId) continue;
    const item = state.workItems[event.workItemId];
    if (item?.status !== 'enabled') continue;
    const offer = taskInNet(spec, state.netInstances[item.netInstanceId]?.netId, item.taskId)?.resourcing?.offer;
    if (!offer || offer.initiator !== 'system' || offer.roles.length + offer.participants.length === 0) continue;
    commands.push({ type: 'offerItem', workItemId: event.workItemId, roles: offer.roles, participants: offer.participants, now });
  }
  return commands;
}

/** A task by its id in the net that holds it: element ids are scoped to their net, as in YAWL. */
export function taskInNet(spec: Specification, netId: string | undefined, taskId: string): Task | undefined {
  const net = netId === undefined ? undefined : spec.decompositions[netId];
  const element = net?.kind === 'net' ? net.elements[taskId] : undefined;
  return element?.kind === 'task' ? element : undefined;
}
