import { canWrite, isAdmin, isAuthenticated, type PermissionMap } from '@flowgraph/shared';

const writes = [
  'importSpecification',
  'launchCase',
  'allocateWorkItem',
  'startWorkItem',
  'completeWorkItem',
  'suspendWorkItem',
  'resumeWorkItem',
  'skipWorkItem',
];

/**
 * Redistributing and clearing work is for tenant admins, and so is managing whole cases, as in
 * YAWL's case administration: suspending or cancelling a case stops every person's items in it,
 * which no single writer holds. Which items a writer may act on is not a matter of role alone:
 * the work-item mutations check `workItemAccess` against the item, inside the command's
 * transaction (resolvers/work-items.ts).
 */
const adminWrites = ['offerWorkItem', 'cancelWorkItem', 'suspendCase', 'resumeCase', 'cancelCase'];

/** Every role reads; viewers never write. */
export const permissions: PermissionMap = {
  Query: { specifications: isAuthenticated, specification: isAuthenticated, cases: isAuthenticated, case: isAuthenticated, workQueue: isAuthenticated },
  Mutation: { ...Object.fromEntries(writes.map((field) => [field, canWrite])), ...Object.fromEntries(adminWrites.map((field) => [field, isAdmin])) },
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
