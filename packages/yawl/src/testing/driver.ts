/**
 * A test driver around `execute`: keeps the current state and all events, fails loudly on an
 * unexpected engine error, and finds work items by task id.
 */
import { execute } from '../engine.js';
import { isLive, type CaseState, type Command, type EngineEvent, type EngineResult, type WorkItem } from '../engine-types.js';
import type { Specification } from '../model.js';

type WithoutNow<T> = T extends unknown ? Omit<T, 'now'> : never;

export class CaseDriver {
  state: CaseState | undefined;
  readonly events: EngineEvent[] = [];
  now = '2025-01-01T00:00:00.000Z';

  constructor(readonly spec: Specification) {}

  static launch(spec: Specification, input?: string, caseId = 'c1'): CaseDriver {
    const driver = new CaseDriver(spec);
    driver.run({ type: 'launchCase', caseId, ...(input !== undefined ? { input } : {}) });
    return driver;
  }

  /** Runs a command (at `this.now`); throws on an engine error. */
  run(command: WithoutNow<Command>): EngineEvent[] {
    const result = this.try(command);
    if (!result.ok) throw new Error(`${command.type} failed: ${result.error.code} ${result.error.message}`);
    return result.events;
  }

  /** Runs a command and returns the raw result (the driver's state only moves on success). */
  try(command: WithoutNow<Command>): EngineResult {
    const result = execute(this.state, { ...command, now: this.now }, this.spec);
    if (result.ok) {
      this.state = result.state;
      this.events.push(...result.events);
    }
    return result;
  }

  get case(): CaseState {
    if (!this.state) throw new Error('No case launched');
    return this.state;
  }

  /** Live items (not MI instances unless asked), optionally of one task. */
  live(taskId?: string, includeInstances = false): WorkItem[] {
    return Object.values(this.case.workItems).filter(
      (item) => isLive(item) && (taskId === undefined || item.taskId === taskId) && (includeInstances || item.kind !== 'instance'),
    );
  }

  /** Task ids with a live item, sorted. */
  liveTasks(): string[] {
    return [...new Set(this.live().map((item) => item.taskId))].sort();
  }

  /** The one live item of a task. */
  item(taskId: string): WorkItem {
    const items = this.live(taskId);
    if (items.length !== 1) throw new Error(`Expected one live item of ${taskId}, found ${items.length}`);
    return items[0]!;
  }

  start(taskId: string): WorkItem {
    const item = this.item(taskId);
    this.run({ type: 'startItem', workItemId: item.id });
    return this.case.workItems[item.id]!;
  }

  /** Starts (if needed) and completes the task's live item. */
  complete(taskId: string, output?: string): void {
    const item = this.item(taskId);
    if (item.status !== 'started') this.run({ type: 'startItem', workItemId: item.id });
    this.run({ type: 'completeItem', workItemId: item.id, ...(output !== undefined ? { output } : {}) });
  }

  /** Completed (or skipped) task ids in completion order, from the events. */
  completedTasks(): string[] {
    return this.events.filter((event) => event.type === 'workitem.completed' && event.taskId).map((event) => event.taskId!);
  }

  types(): string[] {
    return this.events.map((event) => event.type);
  }

  /** The text of a variable in the root net's data. */
  variable(name: string): string | undefined {
    const data = this.case.netInstances[this.case.rootNetInstanceId]!.data;
    const match = new RegExp(`<${name}>([\\s\\S]*?)</${name}>|<${name}/>`).exec(data);
    return match ? (match[1] ?? '') : undefined;
  }
}
