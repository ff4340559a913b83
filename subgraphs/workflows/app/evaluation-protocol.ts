import { specificationExpressions, type CaseState, type Command, type EngineResult, type Specification, type SpecificationExpression } from '@flowgraph/yawl';

/** What the pool sends an evaluation worker. Only the case state and command cross per command; models once per worker. */
export type ToWorker = { kind: 'load'; key: string; model: Specification } | { kind: 'run'; job: number; key: string; state: CaseState | undefined; command: Command };

/** What an evaluation worker answers. */
export type FromWorker =
  /** `thread`: the worker's /proc entry (thread-cpu.ts), through which the pool reads its CPU time. */
  | { kind: 'ready'; thread: string | undefined }
  | { kind: 'missing'; job: number }
  | { kind: 'done'; job: number; result: EngineResult }
  | { kind: 'failed'; job: number; message: string };

/** Slot values in the shared position buffer besides an expression's index. */
export const NO_EXPRESSION = -1;

/**
 * A model's expressions, numbered the same way on both sides of the thread boundary: the worker
 * writes the number of the expression it is evaluating into shared memory, and the pool reads it
 * back as text and element when it has to stop the worker.
 */
export interface ExpressionCatalog {
  byIndex: readonly SpecificationExpression[];
  indexOf: ReadonlyMap<string, number>;
}

const catalogs = new WeakMap<Specification, ExpressionCatalog>();

export function expressionCatalog(model: Specification): ExpressionCatalog {
  let catalog = catalogs.get(model);
  if (!catalog) {
    const byIndex = specificationExpressions(model);
    const indexOf = new Map<string, number>();
    byIndex.forEach((entry, index) => {
      if (!indexOf.has(entry.expression)) indexOf.set(entry.expression, index);
    });
    catalog = { byIndex, indexOf };
    catalogs.set(model, catalog);
  }
  return catalog;
}
