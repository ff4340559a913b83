/**
 * The contract between the workflows subgraph, which publishes case lifecycle events,
 * and their consumers (analytics, subscriptions). Events are keyed by case id.
 */
export const CASE_EVENTS_TOPIC = 'workflow.case-events';

export const CaseEventType = {
  started: 'workflow.case.started',
  completed: 'workflow.case.completed',
  cancelled: 'workflow.case.cancelled',
} as const;

export interface CaseStartedData {
  caseId: string;
  specificationId: string;
  startedAt?: string;
}

export interface CaseEndedData {
  caseId: string;
  specificationId: string;
}
