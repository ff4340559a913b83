import { canWrite, isAuthenticated, type PermissionMap } from '@flowgraph/shared';

const writes = [
  'importSpecification',
  'launchCase',
  'allocateWorkItem',
  'startWorkItem',
  'completeWorkItem',
  'suspendWorkItem',
  'resumeWorkItem',
  'skipWorkItem',
  'cancelWorkItem',
  'suspendCase',
  'resumeCase',
  'cancelCase',
];

/** Every role reads; viewers never write. */
export const permissions: PermissionMap = {
  Query: { specifications: isAuthenticated, specification: isAuthenticated, cases: isAuthenticated, case: isAuthenticated, workQueue: isAuthenticated },
  Mutation: Object.fromEntries(writes.map((field) => [field, canWrite])),
  // graphql-middleware wraps `subscribe` too, so this guards opening the stream; the resolver checks again.
  Subscription: { caseEvents: isAuthenticated, workQueueChanged: isAuthenticated },
  CaseEventNotification: { '*': isAuthenticated },
  WorkQueueChange: { '*': isAuthenticated },
  Specification: { '*': isAuthenticated },
  VerificationIssue: { '*': isAuthenticated },
  ImportResult: { '*': isAuthenticated },
  Case: { '*': isAuthenticated },
  CaseConnection: { '*': isAuthenticated },
  CaseEdge: { '*': isAuthenticated },
  PageInfo: { '*': isAuthenticated },
  CaseEvent: { '*': isAuthenticated },
  WorkItem: { '*': isAuthenticated },
  User: { '*': isAuthenticated },
};
