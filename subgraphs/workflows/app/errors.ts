/**
 * What the workflows services refuse, as typed errors. Services never speak GraphQL: resolvers
 * turn these into GraphQL errors and their `extensions.code` in one place
 * (resolvers/domain-errors.ts), and the timer sweeper decides retry or backoff on these classes.
 */

/** A refusal the caller (or the case's state) is responsible for; anything else is infrastructure. */
export abstract class DomainError extends Error {
  /**
   * The engine's own code (`INVALID_TRANSITION`, `TIMER_INVALID`, `EVALUATION_BUDGET_EXCEEDED`…)
   * when the engine or its evaluation refused the command.
   */
  readonly engineCode: string | undefined;
  /** Further facts a client may act on (the offending fields, verification issues, …). */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(message: string, options: { engineCode?: string; details?: Record<string, unknown> } = {}) {
    super(message);
    this.name = new.target.name;
    this.engineCode = options.engineCode;
    this.details = options.details ?? {};
  }
}

/** No such row in the caller's tenant (or no such thing in the case). */
export class NotFound extends DomainError {}

/** `${type} ${id} not found`, naming both for the client. */
export const notFound = (type: string, id: string): NotFound => new NotFound(`${type} ${id} not found`, { details: { type, id } });

/** The request cannot be applied to the current state: a lost race, a status that forbids it, a taken unique value. */
export class Conflict extends DomainError {}

/** The request itself is wrong: invalid data, a specification that does not verify. */
export class InvalidInput extends DomainError {}

/** The caller may not do this. */
export class Forbidden extends DomainError {}

/**
 * Another command committed first on the same case (the version guard matched nothing): worth
 * retrying after a reload, and no refusal of the command itself.
 */
export class LostRace extends Conflict {
  constructor() {
    super('The case changed while this command ran; reload and retry');
  }
}

/**
 * A tenant's expression (predicate, mapping, MI query) held the engine longer than the evaluation
 * budget, or allocated past its memory limit: the command is refused and nothing is written.
 * Names the task and the expression that was running when the engine was stopped.
 */
export class EvaluationBudgetExceeded extends Conflict {
  constructor(what: { budget: string; elementId?: string; role?: string; expression?: string }) {
    const where = what.elementId ? `the ${what.role ?? 'expression'} of task "${what.elementId}"` : 'evaluating the command';
    super(`Stopped ${where} after it exceeded the evaluation budget (${what.budget})${what.expression ? `: ${what.expression}` : ''}; nothing was written`, {
      engineCode: 'EVALUATION_BUDGET_EXCEEDED',
      details: { budget: what.budget, ...(what.elementId ? { elementId: what.elementId } : {}), ...(what.expression ? { expression: what.expression } : {}) },
    });
  }
}

/** The tenant already has as many commands waiting for the engine as it may; try again shortly. */
export class EvaluationBusy extends Conflict {
  constructor(waiting: number) {
    super(`${waiting} commands of this tenant are already waiting for the engine; retry shortly`, { engineCode: 'EVALUATION_BUSY' });
  }
}
