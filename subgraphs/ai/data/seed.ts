import { demo } from '@flowgraph/shared';
import type { GenerationRepository } from './generation-repository.js';

/** A YAWL 4.0 net written for the demo: start, one approval task, end. */
const EXPENSE_APPROVAL_XML = `<?xml version="1.0" encoding="UTF-8"?>
<specificationSet xmlns="http://www.yawlfoundation.org/yawlschema" version="4.0">
  <specification uri="urn:flowgraph:demo:expense-approval">
    <metaData><title>Expense approval</title><version>0.1</version></metaData>
    <decomposition id="ExpenseApproval" isRootNet="true" xsi:type="NetFactsType" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
      <processControlElements>
        <inputCondition id="start"><flowsInto><nextElementRef id="approve"/></flowsInto></inputCondition>
        <task id="approve"><name>Approve expense</name><flowsInto><nextElementRef id="end"/></flowsInto><join code="xor"/><split code="and"/></task>
        <outputCondition id="end"/>
      </processControlElements>
    </decomposition>
  </specification>
</specificationSet>
`;

export async function seedAi(repo: GenerationRepository): Promise<void> {
  await repo.insertIfAbsent({
    id: demo.generations.expenseApproval,
    tenantId: demo.tenant.id,
    requestedBy: demo.users.user.id,
    intent: 'When an employee submits an expense, a manager approves it.',
    status: 'succeeded',
    specificationXml: EXPENSE_APPROVAL_XML,
    problems: [],
    specificationId: null,
    createdAt: new Date('2026-03-01T08:15:00Z'),
  });
  await repo.insertIfAbsent({
    id: '00000000-0000-4000-8000-000000000402',
    tenantId: demo.tenant.id,
    requestedBy: demo.users.admin.id,
    intent: 'Ship the order after payment or cancel it after three days.',
    status: 'failed',
    specificationXml: null,
    problems: ['The XOR split of task "payment" has no default flow.'],
    specificationId: null,
    createdAt: new Date('2026-03-02T10:00:00Z'),
  });
}
