/**
 * Runs engine commands on a small pool of worker threads under a time and memory budget.
 *
 * Predicates, mappings and MI queries are tenant code (XQuery) evaluated by fontoxpath, which is
 * synchronous: on the service's thread one `every $i in 1 to 30000000 …` would hold every
 * tenant's requests for minutes. So the pure engine runs in workers (evaluation-worker.ts) with
 * V8 heap limits (`resourceLimits`); a command still running when its budget ends has its worker
 * terminated and replaced, and is refused with EvaluationBudgetExceeded naming the task and the
 * expression the worker last reported through shared memory.
 *
 * The common path stays on the calling thread: a command first runs there with the engine told to
 * stop at its first tenant expression (decideWithoutExpressions); only a command that evaluates
 * one crosses to a worker, which it holds for its evaluation alone, not for its transaction.
 *
 * Fairness: a command is admitted per tenant before its transaction opens (at most
 * `admittedPerTenant` of a tenant's commands in flight, so a flooding tenant holds that many
 * database connections at most, and its waiting commands none). Workers are handed to waiting
 * tenants round-robin, and no tenant holds more than `perTenant` at once, so a tenant flooding
 * slow expressions leaves the other workers to everyone else.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CaseState, Command, EngineResult } from '@flowgraph/yawl';
import { decideWithoutExpressions, type EngineLease, type EngineRunner, type KeyedModel } from './engine-runner.js';
import { EvaluationBudgetExceeded, EvaluationBusy } from './errors.js';
import { NO_EXPRESSION, expressionCatalog, type FromWorker, type ToWorker } from './evaluation-protocol.js';
import { threadCpuClock, type CpuClock } from '@flowgraph/shared/cpu/thread-cpu';

export interface EvaluationPoolOptions {
  /** Longest one command may evaluate, in milliseconds. */
  budgetMs: number;
  /** Heap limit of each worker, in MB. */
  memoryMb: number;
  /** Workers; by default the machine's parallelism, 2 to 4. */
  size?: number;
  /** Workers one tenant may hold at once; by default all but one. */
  perTenant?: number;
  /** Commands (transactions) one tenant may have in flight at once; by default 4, or `perTenant` if more. */
  admittedPerTenant?: number;
  /** Commands one tenant may have waiting; more are refused with EvaluationBusy. */
  maxWaitingPerTenant?: number;
}

const WORKER_URL = new URL(`./evaluation-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

/**
 * The worker's entry. The sources are TypeScript, run through tsx: a worker gets neither the
 * parent's in-process compilation (vitest) nor, on Node 20, its `--import` loader hooks, so a
 * TypeScript worker is loaded through tsx's own `tsImport` from a small bootstrap script.
 */
function workerEntry(): { entry: string | URL; script: boolean } {
  if (!WORKER_URL.pathname.endsWith('.ts')) return { entry: WORKER_URL, script: false };
  // require.resolve finds the CommonJS build of tsx's API; its ES module build sits beside it.
  const api = createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs');
  const tsx = pathToFileURL(api).href;
  const target = JSON.stringify(WORKER_URL.href);
  return { entry: `import(${JSON.stringify(tsx)}).then(({ tsImport }) => tsImport(${target}, ${target}))`, script: true };
}

/** How many budgets the first command of a model on a worker gets: it parses and compiles the model's expressions. */
const COLD_START_FACTOR = 2;

/** However little CPU the worker got (a starved machine), a command is stopped after this many budgets of wall time. */
const HARD_LIMIT_FACTOR = 20;

interface Pending {
  job: number;
  resolve(result: EngineResult): void;
  reject(error: unknown): void;
  /** Sends the model, then the command again: the worker did not hold the model. */
  onMissing(): void;
}

/** One worker thread and what it is doing. */
class Slot {
  worker: Worker | undefined;
  ready: Promise<void> = Promise.resolve();
  /** The index of the expression the worker is evaluating (evaluation-protocol.ts). */
  private position!: Int32Array;
  /** The worker thread's CPU time: what a command's budget is charged (thread-cpu.ts). */
  private clock: CpuClock | undefined;
  private pending: Pending | undefined;
  private job = 0;
  leasedBy: string | undefined;

  constructor(private readonly options: Required<EvaluationPoolOptions>) {}

  /** Workers start on first use: an instance that runs no command (or a test) pays for none. */
  ensureStarted(): void {
    if (!this.worker && !this.closed) this.start();
  }

  private start(): void {
    this.started = false;
    this.clock?.close();
    this.clock = undefined;
    const buffer = new SharedArrayBuffer(4);
    this.position = new Int32Array(buffer);
    const { entry, script } = workerEntry();
    const worker = new Worker(entry, {
      eval: script,
      workerData: { position: buffer },
      resourceLimits: { maxOldGenerationSizeMb: this.options.memoryMb, maxYoungGenerationSizeMb: Math.min(32, this.options.memoryMb), stackSizeMb: 4 },
    });
    this.worker = worker;
    this.ready = new Promise<void>((resolve, reject) => {
      worker.once('message', (message: FromWorker) => {
        this.started = true;
        if (message.kind === 'ready') this.clock = threadCpuClock(message.thread);
        resolve();
      });
      worker.once('error', reject);
    });
    // Nothing awaits `ready` until a lease uses it; its failure is reported there.
    this.ready.catch(() => undefined);
    // One listener for the worker's life: a command adds none of its own.
    worker.on('message', (message: FromWorker) => {
      const pending = this.pending;
      if (message.kind === 'ready' || !pending || message.job !== pending.job) return;
      if (message.kind === 'missing') return pending.onMissing();
      this.pending = undefined;
      if (message.kind === 'done') pending.resolve(message.result);
      else pending.reject(new Error(`engine failed: ${message.message}`));
    });
    worker.on('error', (error: Error & { code?: string }) => {
      if (worker !== this.worker) return;
      const pending = this.pending;
      this.pending = undefined;
      this.replace();
      pending?.reject(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : error);
    });
    worker.on('exit', () => {
      if (worker !== this.worker) return;
      const pending = this.pending;
      this.pending = undefined;
      this.replace();
      pending?.reject(new Error('evaluation worker exited'));
    });
    worker.unref();
  }

  private closed = false;
  private started = false;

  /** A new worker in place of this one; delayed when workers die as they start, so a broken install cannot spin. */
  private replace(): void {
    if (this.closed) return;
    void this.worker?.terminate();
    if (!this.started) {
      this.ready = new Promise<void>((resolve, reject) => setTimeout(() => {
        if (this.closed) return reject(new Error('evaluation pool closed'));
        this.start();
        this.ready.then(resolve, reject);
      }, 1_000).unref());
      this.ready.catch(() => undefined);
      return;
    }
    this.start();
  }

  /** Runs the command on this worker, loading the model first if the worker lacks it; stops the worker past the budget. */
  async run(spec: KeyedModel, state: CaseState | undefined, command: Command): Promise<EngineResult> {
    this.ensureStarted();
    await this.ready;
    const worker = this.worker;
    const clock = this.clock;
    if (!worker || !clock) throw new Error('evaluation pool closed');
    const job = ++this.job;
    let timer: NodeJS.Timeout | undefined;
    const arm = (ms: number) => {
      clearTimeout(timer);
      const wallStart = performance.now();
      const cpuStart = clock.now();
      const check = () => {
        if (this.worker !== worker || this.pending?.job !== job) return;
        // The budget is the worker thread's CPU time (the process's where a thread's cannot be
        // read), so neither a loaded machine nor other threads' work refuses an ordinary command;
        // it goes on up to HARD_LIMIT_FACTOR budgets of wall time whatever the load.
        const usedMs = clock.now() - cpuStart;
        if (usedMs < ms && performance.now() - wallStart < ms * HARD_LIMIT_FACTOR) {
          timer = setTimeout(check, Math.max(1, ms - usedMs));
          return;
        }
        const index = Atomics.load(this.position, 0);
        const pending = this.pending;
        this.pending = undefined;
        this.replace();
        // The configured budget, also when a cold start was allowed more: that is the contract.
        pending.reject(this.exceeded(spec, index, `${this.options.budgetMs} ms`));
      };
      timer = setTimeout(check, ms);
    };
    const outcome = new Promise<EngineResult>((resolve, reject) => {
      // The worker answers `missing` when it does not hold the model yet: send it, then the command
      // again. That run compiles the model's expressions (and, on a fresh worker, warms the engine's
      // code), so it gets COLD_START_FACTOR budgets; still bounded, and once per model and worker.
      const onMissing = () => {
        arm(this.options.budgetMs * COLD_START_FACTOR);
        worker.postMessage({ kind: 'load', key: spec.id, model: spec.model } satisfies ToWorker);
        worker.postMessage({ kind: 'run', job, key: spec.id, state, command } satisfies ToWorker);
      };
      this.pending = { job, resolve, reject, onMissing };
    });
    arm(this.options.budgetMs);
    worker.postMessage({ kind: 'run', job, key: spec.id, state, command } satisfies ToWorker);
    try {
      return await outcome;
    } catch (error) {
      if (error === 'memory') throw this.exceeded(spec, Atomics.load(this.position, 0), `${this.options.memoryMb} MB`);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  private exceeded(spec: KeyedModel, index: number, budget: string): EvaluationBudgetExceeded {
    const entry = index === NO_EXPRESSION ? undefined : expressionCatalog(spec.model).byIndex[index];
    return new EvaluationBudgetExceeded({ budget, elementId: entry?.elementId, role: entry?.role, expression: entry?.expression });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.clock?.close();
    await this.worker?.terminate();
  }
}

/** Per-tenant admission: at most `limit` of a tenant's commands in flight, the rest waiting in order. */
class Admission {
  private readonly inFlight = new Map<string, number>();
  private readonly waiting = new Map<string, (() => void)[]>();

  constructor(private readonly limit: number, private readonly maxWaiting: number) {}

  enter(tenantId: string): Promise<void> {
    const held = this.inFlight.get(tenantId) ?? 0;
    if (held < this.limit) {
      this.inFlight.set(tenantId, held + 1);
      return Promise.resolve();
    }
    const queue = this.waiting.get(tenantId) ?? [];
    if (queue.length >= this.maxWaiting) return Promise.reject(new EvaluationBusy(queue.length));
    this.waiting.set(tenantId, queue);
    // The place passes on as is: the count stays, from the command leaving to the one entering.
    return new Promise<void>((resolve) => queue.push(resolve));
  }

  leave(tenantId: string): void {
    const queue = this.waiting.get(tenantId);
    const next = queue?.shift();
    if (next) {
      if (!queue!.length) this.waiting.delete(tenantId);
      return next();
    }
    const held = (this.inFlight.get(tenantId) ?? 1) - 1;
    if (held > 0) this.inFlight.set(tenantId, held);
    else this.inFlight.delete(tenantId);
  }
}

export class EvaluationPool implements EngineRunner {
  private readonly options: Required<EvaluationPoolOptions>;
  private readonly slots: Slot[];
  private readonly admission: Admission;
  /** Commands waiting for a worker, per tenant; the map's order is the round-robin order. */
  private readonly waiting = new Map<string, ((slot: Slot) => void)[]>();
  private readonly held = new Map<string, number>();
  private warm = false;

  constructor(options: EvaluationPoolOptions) {
    const size = options.size ?? Math.max(2, Math.min(4, availableParallelism()));
    const perTenant = options.perTenant ?? Math.max(1, size - 1);
    this.options = { size, perTenant, admittedPerTenant: Math.max(4, perTenant), maxWaitingPerTenant: 1_000, ...options };
    this.slots = Array.from({ length: size }, () => new Slot(this.options));
    this.admission = new Admission(this.options.admittedPerTenant, this.options.maxWaitingPerTenant);
  }

  /** Starts every worker now and resolves once their modules are loaded (benches; a server starts them on demand). */
  async started(): Promise<void> {
    for (const slot of this.slots) slot.ensureStarted();
    await Promise.all(this.slots.map((slot) => slot.ready));
  }

  async lease(tenantId: string): Promise<EngineLease> {
    // All workers start with the first command, so a replacement is the only cold start later on.
    if (!this.warm) {
      this.warm = true;
      for (const slot of this.slots) slot.ensureStarted();
    }
    await this.admission.enter(tenantId);
    let released = false;
    return {
      decide: async (spec, state, command) => decideWithoutExpressions(state, command, spec.model) ?? this.onWorker(tenantId, (slot) => slot.run(spec, state, command)),
      release: () => {
        if (released) return;
        released = true;
        this.admission.leave(tenantId);
      },
    };
  }

  /** `work` on a worker held for the tenant for just that long. */
  private async onWorker<T>(tenantId: string, work: (slot: Slot) => Promise<T>): Promise<T> {
    const slot = await new Promise<Slot>((resolve) => {
      const queue = this.waiting.get(tenantId) ?? [];
      queue.push(resolve);
      this.waiting.set(tenantId, queue);
      this.dispatch();
    });
    try {
      return await work(slot);
    } finally {
      slot.leasedBy = undefined;
      const held = (this.held.get(tenantId) ?? 1) - 1;
      if (held > 0) this.held.set(tenantId, held);
      else this.held.delete(tenantId);
      this.dispatch();
    }
  }

  /** Hands free workers to waiting tenants, one per tenant in turn, within each tenant's cap. */
  private dispatch(): void {
    for (;;) {
      // A running worker before one that would have to start.
      const slot = this.slots.find((candidate) => candidate.leasedBy === undefined && candidate.worker) ?? this.slots.find((candidate) => candidate.leasedBy === undefined);
      if (!slot) return;
      const tenantId = [...this.waiting.keys()].find((tenant) => (this.held.get(tenant) ?? 0) < this.options.perTenant);
      if (tenantId === undefined) return;
      const queue = this.waiting.get(tenantId)!;
      const grant = queue.shift()!;
      // To the back of the line: the next free worker goes to another tenant first.
      this.waiting.delete(tenantId);
      if (queue.length) this.waiting.set(tenantId, queue);
      slot.leasedBy = tenantId;
      this.held.set(tenantId, (this.held.get(tenantId) ?? 0) + 1);
      grant(slot);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((slot) => slot.close()));
  }
}
