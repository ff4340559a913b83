/**
 * An evaluation worker: runs the pure engine (`decide`) for the pool in evaluation-pool.ts, on a
 * thread the pool can stop when a tenant's expression runs over its budget. Models are kept here
 * by key, so a command only sends its case state and itself.
 */
import { parentPort, workerData } from 'node:worker_threads';
import fontoxpath from 'fontoxpath';
import { Document } from 'slimdom';
import { observeEvaluations, type Specification } from '@flowgraph/yawl';
import { decide } from './engine-runner.js';
import { threadEntry } from '@flowgraph/shared/cpu/thread-cpu';
import { NO_EXPRESSION, expressionCatalog, type FromWorker, type ToWorker } from './evaluation-protocol.js';

const MODELS_KEPT = 64;

const port = parentPort;
if (!port) throw new Error('evaluation-worker.ts runs as a worker thread');
const position = new Int32Array((workerData as { position: SharedArrayBuffer }).position);
const models = new Map<string, Specification>();
let current: ReadonlyMap<string, number> = new Map();

// Costs a map lookup and an atomic store per expression, which the fast path can afford.
observeEvaluations((expression) => Atomics.store(position, 0, current.get(expression) ?? NO_EXPRESSION));

const send = (message: FromWorker) => port.postMessage(message);

port.on('message', (message: ToWorker) => {
  if (message.kind === 'load') {
    models.delete(message.key);
    models.set(message.key, message.model);
    if (models.size > MODELS_KEPT) models.delete(models.keys().next().value!);
    return;
  }
  const model = models.get(message.key);
  if (!model) return send({ kind: 'missing', job: message.job });
  current = expressionCatalog(model).indexOf;
  Atomics.store(position, 0, NO_EXPRESSION);
  try {
    send({ kind: 'done', job: message.job, result: decide(message.state, message.command, model) });
  } catch (error) {
    send({ kind: 'failed', job: message.job, message: error instanceof Error ? error.message : String(error) });
  }
});

/**
 * Warms fontoxpath and the JIT before the worker takes commands: a replaced worker's first command
 * would otherwise pay for it inside its budget (the pool allows a model's first command on a worker
 * only COLD_START_FACTOR budgets, for compiling that model's own expressions).
 */
function warmUp(): void {
  const doc = new Document();
  doc.appendChild(doc.createElement('Net')).appendChild(doc.createElement('n')).textContent = '3';
  const language = { language: fontoxpath.evaluateXPath.XQUERY_3_1_LANGUAGE };
  for (let i = 0; i < 50; i++) {
    fontoxpath.evaluateXPathToBoolean('every $i in 1 to xs:integer(/Net/n) satisfies $i > 0', doc, null, null, language);
    fontoxpath.evaluateXPathToNodes("<s>{string-join(for $i in 1 to /Net/n return 'x')}</s>", doc, null, null, language);
  }
}

warmUp();
send({ kind: 'ready', thread: threadEntry() });
