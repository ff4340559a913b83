import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { MemoryCache, withTenant, type Db, type Principal } from '@flowgraph/shared';
import { createContext, type WorkflowsServices } from '../../subgraphs/workflows/context.js';
import { CaseService, type Actor } from '../../subgraphs/workflows/app/case-service.js';
import type { EngineRunner } from '../../subgraphs/workflows/app/engine-runner.js';
import { CONCERT_XML } from '../../subgraphs/workflows/data/demo-specifications.js';
import type { CaseRow } from '../../subgraphs/workflows/data/schema.js';
import { SpecificationCatalog, specificationIdentity } from '../../subgraphs/workflows/app/specification-import.js';
import { SpecificationRepository } from '../../subgraphs/workflows/data/specification-repository.js';
import { verifiedSpecification } from '../../subgraphs/workflows/data/seed.js';
import { execute, type CaseState, type Command, type Specification, type WorkItem } from '@flowgraph/yawl';
import { launchCase } from '../../subgraphs/workflows/resolvers/cases.js';
import { completeItem, startItem } from '../../subgraphs/workflows/resolvers/work-items.js';
import type { Work } from './runner.js';

/** The demo "Organise concert" spec: a sequence of three manual tasks, so a case is 1 launch + 3 completions. */
export const SPEC_XML = CONCERT_XML;
export const TASKS_PER_CASE = 3;

/** Parsed and verified the way seeding and imports do, so the bench runs the model production would. */
export function benchModel(): Specification {
  return verifiedSpecification(SPEC_XML);
}

const STARTABLE = new Set<WorkItem['status']>(['enabled', 'offered', 'allocated']);

/** The item a worker acts on next; the spec is a sequence, so there is at most one. */
function nextItem(state: CaseState): WorkItem {
  const item = Object.values(state.workItems).find((candidate) => STARTABLE.has(candidate.status));
  if (!item) throw new Error(`case ${state.caseId} is ${state.status} with nothing to start`);
  return item;
}

const now = () => new Date().toISOString();

/** Baseline A: the pure engine alone, in memory; the ceiling no persistence can beat. */
export function engineWork(model: Specification): Work {
  const run = (state: CaseState | undefined, command: Command): CaseState => {
    const result = execute(state, command, model);
    if (!result.ok) throw new Error(`engine refused ${command.type}: ${result.error.message}`);
    return result.state;
  };
  return async (lane) => {
    let state = run(undefined, { type: 'launchCase', caseId: randomUUID(), now: now() });
    while (lane.running() && state.status === 'running') {
      const item = nextItem(state);
      const started = performance.now();
      state = run(state, { type: 'startItem', workItemId: item.id, participant: 'bench', now: now() });
      state = run(state, { type: 'completeItem', workItemId: item.id, now: now() });
      lane.record(performance.now() - started);
    }
  };
}

/** Baseline B: one `select 1` transaction under the same tenant scope every command uses. */
export function roundTripWork(db: Db, tenantId: string): Work {
  return async (lane) => {
    const started = performance.now();
    await withTenant(db, tenantId, (tx) => tx.execute(sql`select 1`));
    lane.record(performance.now() - started);
  };
}

export interface Fixture {
  principal: Principal;
  actor: Actor;
  spec: { id: string; model: Specification };
  services: WorkflowsServices;
}

/** A tenant, a user and the spec row their cases run on, inserted as the owner like seeding does. */
export async function installFixture(db: Db, model: Specification, engine: EngineRunner, afterCommit: () => void = () => undefined): Promise<Fixture> {
  const tenantId = randomUUID();
  const userId = randomUUID();
  const specifications = new SpecificationRepository(db);
  const row = await specifications.insert({ tenantId, ...specificationIdentity(model), name: 'bench', createdBy: userId, xml: SPEC_XML, model });
  const principal: Principal = { kind: 'user', userId, tenantId, roles: ['user'], tokenId: randomUUID(), expiresAt: new Date(Date.now() + 3_600_000) };
  // No outbox relay unless `afterCommit` wakes one: publishing runs after commit, off the command path.
  const commandPath: Pick<WorkflowsServices, 'db' | 'specifications' | 'catalog' | 'cases'> = {
    db,
    specifications,
    catalog: new SpecificationCatalog(db, specifications, new MemoryCache()),
    cases: new CaseService(db, afterCommit, engine),
  };
  // The rest of the services (e.g. the subscriptions' live event feed) is never touched by the
  // launch/start/complete path, and leaving it out keeps the bench off subsystems being built.
  const services = commandPath as WorkflowsServices;
  return { principal, actor: { tenantId, userId }, spec: { id: row.id, model }, services };
}

/**
 * How a command reaches the case service:
 *  - `graphql`: through the functions the mutation resolvers run (launchCase, startItem,
 *    completeItem), with a fresh request context per command: the launch reads the
 *    specification row through its DataLoader and the model through the catalog cache
 *    (in-memory here; Redis when REDIS_URL is set in production), and completions convert
 *    their output JSON by the task's declared types;
 *  - `memory`: CaseService directly with the spec in memory and output already XML, which
 *    leaves only CaseService's own transactions.
 */
export type SpecPath = 'graphql' | 'memory';

/** What a person enters for each task of the demo concert: BookVenue echoes its venue, SellTickets a count. */
const OUTPUT: Record<string, Record<string, unknown> | undefined> = { BookVenue: { venue: 'Town Hall' }, SellTickets: { ticketsSold: 1200 }, RunShow: undefined };
const OUTPUT_XML: Record<string, string | undefined> = { BookVenue: '<BookVenue><venue>Town Hall</venue></BookVenue>', SellTickets: '<SellTickets><ticketsSold>1200</ticketsSold></SellTickets>', RunShow: undefined };

/** One case per call: launch, then start + complete each work item; a completion's latency is its start + complete. */
export function serviceWork(fixture: Fixture, path: SpecPath): Work {
  const { services, principal, spec, actor } = fixture;
  const context = () => createContext(principal, services);
  const start = async (item: WorkItem): Promise<CaseRow> =>
    path === 'memory'
      ? services.cases.run(actor, { workItemId: item.id }, { type: 'startItem', workItemId: item.id, participant: actor.userId }, async () => spec)
      : (await startItem(context(), item.id)).caseRow;
  const complete = async (item: WorkItem): Promise<CaseRow> => {
    if (path === 'graphql') return (await completeItem(context(), item.id, OUTPUT[item.taskId])).caseRow;
    const output = OUTPUT_XML[item.taskId];
    return services.cases.run(actor, { workItemId: item.id }, { type: 'completeItem', workItemId: item.id, ...(output ? { output } : {}) }, async () => spec);
  };
  const launch = (): Promise<CaseRow> => (path === 'memory' ? services.cases.launch(actor, spec, null) : launchCase(context(), spec.id, {}));
  return async (lane) => {
    let row = await launch();
    while (lane.running() && row.status === 'running') {
      const item = nextItem(row.state);
      const started = performance.now();
      await start(item);
      row = await complete(item);
      lane.record(performance.now() - started);
    }
  };
}
