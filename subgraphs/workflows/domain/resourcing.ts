import type { Command, EngineEvent, Specification } from '@flowgraph/yawl';

/**
 * YAWL's system-initiated offers: when a task's resourcing says the system offers it to a
 * distribution set, the newly enabled item is offered to those roles and participants at once.
 * User-initiated offers are left to people (the item stays enabled, open to the tenant).
 */
export function systemOffers(spec: Specification, events: readonly EngineEvent[], now: string): Command[] {
  const commands: Command[] = [];
  for (const event of events) {
    if (event.type !== 'workitem.enabled' || !event.workItemId || !event.taskId) continue;
    const offer = taskResourcing(spec, event.taskId)?.offer;
    if (!offer || offer.initiator !== 'system' || offer.roles.length + offer.participants.length === 0) continue;
    commands.push({ type: 'offerItem', workItemId: event.workItemId, roles: offer.roles, participants: offer.participants, now });
  }
  return commands;
}

function taskResourcing(spec: Specification, taskId: string) {
  for (const decomposition of Object.values(spec.decompositions)) {
    if (decomposition.kind !== 'net') continue;
    const element = decomposition.elements[taskId];
    if (element?.kind === 'task') return element.resourcing;
  }
  return undefined;
}
