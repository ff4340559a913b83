import { z } from 'zod';
import { OutboxRelay, buildGuardedSubgraphSchema, loadConfig, loadTypeDefs, type Env, type SubgraphModule } from '@flowgraph/shared';
import { specificationDocumentEnvShape, specificationDocumentOptions } from '@flowgraph/shared/specification-documents';
import { createContext, type Context, type WorkflowsServices } from './context.js';
import { CaseEventFeed } from './data/case-event-feed.js';
import { caseEventNumbering, sequencedForPublishing } from './data/case-event-sequencer.js';
import { CaseService } from './app/case-service.js';
import { InvalidInput } from './app/errors.js';
import { EvaluationPool } from './app/evaluation-pool.js';
import { outbox } from './data/schema.js';
import { seedWorkflows } from './data/seed.js';
import { SpecificationCatalog, type SpecificationImportPolicy } from './app/specification-import.js';
import { consumeGeneratedWorkflowImports } from './app/generated-workflow-imports.js';
import { SpecificationRepository } from './data/specification-repository.js';
import { TemplateInstallConsumer } from './app/template-install-consumer.js';
import { TimerSweeper } from './app/timer-sweeper.js';
import { resolvers } from './resolvers/index.js';
import { permissions } from './resolvers/permissions.js';
import { SUBSCRIPTION_BUFFER_LIMIT } from './resolvers/subscription-stream.js';

export const workflowsEnvShape = {
  /** Events one subscription may have waiting unread before it ends with SLOW_CONSUMER; the same name and meaning as the gateway's own bound. */
  SUBSCRIPTION_MAX_PENDING_EVENTS: z.coerce.number().int().min(1).max(1_000_000).default(SUBSCRIPTION_BUFFER_LIMIT),
  /** Longest one engine command (its predicates, mappings, MI queries) may evaluate before it is stopped and refused. */
  YAWL_EVALUATION_BUDGET_MS: z.coerce.number().int().min(1).max(60_000).default(50),
  /** Heap limit of each evaluation worker. */
  YAWL_EVALUATION_MEMORY_MB: z.coerce.number().int().min(16).max(16_384).default(256),
  /** Evaluation worker threads; unset: the machine's parallelism, 2 to 4. */
  YAWL_EVALUATION_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
  ...specificationDocumentEnvShape,
};

export type WorkflowsOptions = z.infer<z.ZodObject<typeof workflowsEnvShape>>;

export const workflowsOptionsFromEnv = (env: Env = process.env): WorkflowsOptions => loadConfig('workflows', workflowsEnvShape, env);

/** How uploads are bounded and validated, from the options (the schema file is read once, here). */
export function importPolicy(options: Partial<WorkflowsOptions>): SpecificationImportPolicy {
  return specificationDocumentOptions(options);
}

/** Without options, the defaults: embedders (tests, `npm start`) pass what they mean to change, never the process environment by accident. */
export function workflowsSubgraph(given: Partial<WorkflowsOptions> = {}): SubgraphModule<Context> {
  const options: WorkflowsOptions = { ...workflowsOptionsFromEnv({}), ...given };
  return {
    name: 'workflows',
    defaultPort: 4002,
    migrationsFolder: new URL('./data/migrations', import.meta.url).pathname,
    async build(deps) {
      const db = deps.database.db;
      const specifications = new SpecificationRepository(db);
      // Case events reach Kafka through the outbox: written with the case, given their tenant
      // stream position after commit, then published.
      const relay = new OutboxRelay({ db, outbox, bus: deps.events, logger: deps.logger, prepare: caseEventNumbering(db), ready: sequencedForPublishing });
      relay.start();
      const catalog = new SpecificationCatalog(db, specifications, deps.cache, deps.logger, importPolicy(options), () => relay.notify());
      const generatedImports = await consumeGeneratedWorkflowImports(deps.events, catalog, deps.logger);
      const feed = new CaseEventFeed(deps.events, deps.logger);
      await feed.start();
      // Tenant expressions run on worker threads under a budget, never on this one (evaluation-pool.ts).
      const engine = new EvaluationPool({ budgetMs: options.YAWL_EVALUATION_BUDGET_MS, memoryMb: options.YAWL_EVALUATION_MEMORY_MB, size: options.YAWL_EVALUATION_WORKERS });
      const services: WorkflowsServices = {
        db,
        specifications,
        catalog,
        cases: new CaseService(db, () => relay.notify(), engine),
        feed,
        subscriptionBufferLimit: options.SUBSCRIPTION_MAX_PENDING_EVENTS,
      };
      const timers = new TimerSweeper({
        db,
        cases: services.cases,
        logger: deps.logger,
        specificationOf: async (row) => {
          const [spec] = await specifications.byIds(row.tenantId, [row.specificationId]);
          const model = spec ? await catalog.model(spec) : undefined;
          // Refused, so backed off: the specification will not become runnable by itself.
          if (!spec || !model) throw new InvalidInput(`specification ${row.specificationId} of case ${row.id} has no model`);
          return { id: spec.id, model };
        },
      });
      timers.start();
      // Marketplace installs: bought templates imported into the buyer's tenant (own file, see there).
      const installs = new TemplateInstallConsumer(catalog, deps.events, deps.logger);
      await installs.start();
      return {
        schema: buildGuardedSubgraphSchema({ typeDefs: loadTypeDefs(new URL('./schema.graphql', import.meta.url)), resolvers, permissions }),
        createContext: (auth) => createContext(auth, services),
        seedDemoData: () => seedWorkflows(specifications),
        close: async () => {
          await installs.stop();
          await timers.stop();
          await relay.stop();
          await feed.stop();
          await engine.close();
          await generatedImports.close();
        },
      };
    },
  };
}
