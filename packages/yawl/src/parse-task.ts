/** Parses a task's data mappings, multiple-instance settings, timer and resourcing. */
import { type Mapping, type MultiInstance, type PrivilegeGrant, type Resourcing, type Task, type Timer } from './model.js';
import { type ParseContext, warnIgnored, yawlChild, yawlChildren, yawlText, yawlTrimmed } from './parse-context.js';
import { type Element, attr } from './xml.js';

export function parseTaskDetails(context: ParseContext, element: Element, task: Task, isMultiInstance: boolean): void {
  const id = task.id;
  task.startingMappings = parseMappings(yawlChild(element, 'startingMappings'));
  task.completedMappings = parseMappings(yawlChild(element, 'completedMappings'));
  // Configuration only matters to YAWL's process configurator; the enablement mappings of
  // YAWL 2 were never executed by the 4.x engine either.
  warnIgnored(context, element, ['configuration', 'defaultConfiguration'], id, 'UNSUPPORTED_CONFIGURATION', `Task "${id}"`);
  warnIgnored(context, element, ['enablementMappings'], id, 'UNSUPPORTED_ENABLEMENT_MAPPINGS', `Task "${id}"`);
  warnIgnored(context, element, ['customForm'], id, 'UNSUPPORTED_CUSTOM_FORM', `Task "${id}"`);
  const timer = yawlChild(element, 'timer');
  if (timer !== undefined) task.timer = parseTimer(context, timer, id);
  const resourcing = yawlChild(element, 'resourcing');
  if (resourcing !== undefined) task.resourcing = parseResourcing(context, resourcing, id);
  if (isMultiInstance) task.multiInstance = parseMultiInstance(context, element, id);
}

function query(element: Element | undefined): string {
  return element === undefined ? '' : (attr(element, 'query') ?? '');
}

function parseMappings(element: Element | undefined): Mapping[] {
  if (element === undefined) return [];
  return yawlChildren(element, 'mapping').map((mapping) => ({
    expression: query(yawlChild(mapping, 'expression')),
    mapsTo: yawlTrimmed(mapping, 'mapsTo') ?? '',
  }));
}

/** YAWL's tick intervals as ISO-8601 duration parts; the timer is kept as one ISO duration. */
const INTERVALS: Record<string, (ticks: number) => string> = {
  YEAR: (n) => `P${n}Y`,
  MONTH: (n) => `P${n}M`,
  WEEK: (n) => `P${n * 7}D`,
  DAY: (n) => `P${n}D`,
  HOUR: (n) => `PT${n}H`,
  MIN: (n) => `PT${n}M`,
  SEC: (n) => `PT${n}S`,
  MSEC: (n) => `PT${n / 1000}S`,
};

function parseTimer(context: ParseContext, element: Element, id: string): Timer {
  const trigger = yawlTrimmed(element, 'trigger');
  const netParam = yawlTrimmed(element, 'netparam');
  if (trigger !== undefined && trigger !== 'OnEnabled' && trigger !== 'OnExecuting') {
    context.error(id, 'TIMER_INVALID', `Timer trigger "${trigger}" is neither OnEnabled nor OnExecuting`);
  }
  // A netparam timer takes its trigger from the variable at run time; the model requires one,
  // so OnEnabled stands in (the exporter writes only the netparam back).
  const timer: Timer = { trigger: trigger === 'OnExecuting' ? 'OnExecuting' : 'OnEnabled' };
  if (netParam !== undefined) timer.netParam = netParam;
  const duration = yawlTrimmed(element, 'duration');
  if (duration !== undefined) timer.duration = duration;
  const expiry = yawlTrimmed(element, 'expiry');
  if (expiry !== undefined) timer.expiry = expiry;
  const params = yawlChild(element, 'durationparams');
  if (params !== undefined) {
    const ticks = Number(yawlTrimmed(params, 'ticks'));
    const toIso = INTERVALS[yawlTrimmed(params, 'interval') ?? ''];
    if (toIso === undefined || !Number.isInteger(ticks) || ticks < 0) {
      context.error(id, 'TIMER_INVALID', `Timer durationparams of "${id}" need integer ticks and a known interval`);
    } else {
      timer.duration = toIso(ticks);
    }
  }
  // Counting calendar time instead would fire at the wrong moment, silently; a timer record asking
  // for work days is refused at run time for the same reason (timer-record.ts).
  const workdays = yawlTrimmed(element, 'workdays');
  if (workdays === 'true' || workdays === '1') {
    context.error(id, 'UNSUPPORTED_TIMER_WORKDAYS', `Timer of "${id}" counts work days only (<workdays>true</workdays>), which the engine does not support`);
  }
  return timer;
}

function initiator(context: ParseContext, element: Element | undefined, id: string, what: string): 'user' | 'system' {
  const value = element === undefined ? undefined : attr(element, 'initiator');
  if (value === 'user' || value === 'system') return value;
  context.error(id, 'INVALID_VALUE', `Resourcing ${what} of "${id}" has initiator "${value ?? ''}", expected user or system`);
  return 'user';
}

function parseResourcing(context: ParseContext, element: Element, id: string): Resourcing {
  const offer = yawlChild(element, 'offer');
  const allocate = yawlChild(element, 'allocate');
  const initialSet = offer === undefined ? undefined : yawlChild(yawlChild(offer, 'distributionSet') ?? offer, 'initialSet');
  const texts = (name: string): string[] =>
    initialSet === undefined ? [] : yawlChildren(initialSet, name).map((child) => (child.textContent ?? '').trim());
  const ignored: string[] = [];
  if (offer !== undefined) {
    const set = yawlChild(offer, 'distributionSet');
    if (set !== undefined && yawlChild(set, 'filters') !== undefined) ignored.push('filters');
    if (set !== undefined && yawlChild(set, 'constraints') !== undefined) ignored.push('constraints');
    if (initialSet !== undefined && yawlChild(initialSet, 'param') !== undefined) ignored.push('initialSet params');
    if (yawlChild(offer, 'familiarParticipant') !== undefined) ignored.push('familiarParticipant');
  }
  if (allocate !== undefined && yawlChild(allocate, 'allocator') !== undefined) ignored.push('allocator');
  if (yawlChild(element, 'secondary') !== undefined) ignored.push('secondary');
  const privileges = parsePrivileges(element, ignored);
  if (ignored.length > 0) {
    context.warning(id, 'UNSUPPORTED_RESOURCING', `Resourcing of "${id}": ${ignored.join(', ')} ignored (not supported by the engine)`);
  }
  return {
    offer: { initiator: initiator(context, offer, id, 'offer'), roles: texts('role'), participants: texts('participant') },
    allocate: { initiator: initiator(context, allocate, id, 'allocate') },
    start: { initiator: initiator(context, yawlChild(element, 'start'), id, 'start') },
    ...(privileges ? { privileges } : {}),
  };
}

/** The task privileges the engine enforces (`canSkip`); the others are noted in `ignored`. */
function parsePrivileges(resourcing: Element, ignored: string[]): Resourcing['privileges'] {
  const element = yawlChild(resourcing, 'privileges');
  if (element === undefined) return undefined;
  let canSkip: PrivilegeGrant | undefined;
  const unsupported = new Set<string>();
  for (const privilege of yawlChildren(element, 'privilege')) {
    const name = yawlTrimmed(privilege, 'name') ?? '';
    if (name !== 'canSkip') {
      unsupported.add(name);
      continue;
    }
    const set = yawlChild(privilege, 'set');
    const texts = (tag: string) => (set === undefined ? [] : yawlChildren(set, tag).map((child) => (child.textContent ?? '').trim()));
    canSkip = { all: yawlTrimmed(privilege, 'allowall') === 'true', roles: texts('role'), participants: texts('participant') };
  }
  if (unsupported.size > 0) ignored.push(`privileges ${[...unsupported].sort().join(', ')}`);
  return canSkip ? { canSkip } : undefined;
}

function parseMultiInstance(context: ParseContext, element: Element, id: string): MultiInstance {
  const input = yawlChild(element, 'miDataInput');
  const output = yawlChild(element, 'miDataOutput');
  const mode = yawlChild(element, 'creationMode');
  const code = mode === undefined ? undefined : attr(mode, 'code');
  if (code !== 'static' && code !== 'dynamic') {
    context.error(id, 'MI_CREATION_MODE', `Task "${id}" has creationMode "${code ?? ''}", expected static or dynamic`);
  }
  const multiInstance: MultiInstance = {
    minimum: yawlTrimmed(element, 'minimum') ?? '',
    maximum: yawlTrimmed(element, 'maximum') ?? '',
    threshold: yawlTrimmed(element, 'threshold') ?? '',
    creationMode: code === 'dynamic' ? 'dynamic' : 'static',
    input: {
      expression: input === undefined ? '' : query(yawlChild(input, 'expression')),
      splittingExpression: input === undefined ? '' : query(yawlChild(input, 'splittingExpression')),
      formalInputParam: input === undefined ? '' : (yawlTrimmed(input, 'formalInputParam') ?? ''),
    },
  };
  if (output !== undefined) {
    multiInstance.output = {
      formalOutputExpression: query(yawlChild(output, 'formalOutputExpression')),
      outputJoiningExpression: query(yawlChild(output, 'outputJoiningExpression')),
      resultAppliedToLocalVariable: yawlText(output, 'resultAppliedToLocalVariable')?.trim() ?? '',
    };
  }
  return multiInstance;
}
