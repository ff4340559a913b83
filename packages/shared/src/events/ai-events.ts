/**
 * The contract between the ai subgraph, which generates YAWL specifications, and the workflows
 * subgraph, which owns specifications: the ai subgraph never writes workflows' tables. It asks
 * for an import on `ai.events` (through its outbox); workflows imports and answers on
 * `workflows.generated-imports`. Both keyed by generation id.
 */
export const AI_EVENTS_TOPIC = 'ai.events';
export const GENERATED_IMPORTS_TOPIC = 'workflows.generated-imports';

export const AiEventType = {
  generated: 'ai.workflow.generated',
  importRequested: 'ai.workflow.import-requested',
} as const;

export const GeneratedImportEventType = {
  imported: 'workflows.generated-workflow.imported',
  failed: 'workflows.generated-workflow.import-failed',
} as const;

export interface ImportRequestedData {
  generationId: string;
  /** Who asked: the specification's creator. */
  requestedBy: string;
  xml: string;
}

export type GeneratedImportData = { generationId: string; specificationId: string } | { generationId: string; reason: string };
