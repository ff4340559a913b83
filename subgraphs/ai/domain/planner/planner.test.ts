import { describe, expect, it } from 'vitest';
import { planIntent } from './planner.js';
import { tasksOf, type ChoiceStep, type LoopStep, type ParallelStep, type TaskStep } from './plan.js';

function plan(intent: string) {
  const result = planIntent(intent);
  if (!result.ok) throw new Error(result.reason);
  return result.plan;
}

describe('planIntent', () => {
  it('reads the invoice example into a threshold choice with roles, the amount entered by the clerk', () => {
    const result = plan('invoice approval: a clerk enters the invoice, a manager approves amounts up to 10,000, above that finance signs off too, then it is paid');
    expect(result.title).toBe('Invoice approval');
    const [enter, choice, pay] = result.steps as [TaskStep, ChoiceStep, TaskStep];
    expect(enter).toMatchObject({ name: 'Enter invoice', role: 'clerk', produces: ['Amount'] });
    expect(choice.branches).toEqual([{ when: { variable: 'Amount', op: '<=', value: 10000 }, steps: [expect.objectContaining({ name: 'Approve invoice', role: 'manager' })] }]);
    expect(choice.otherwise.map((step) => (step as TaskStep).name)).toEqual(['Approve invoice', 'Sign off invoice']);
    expect((choice.otherwise[1] as TaskStep).role).toBe('finance');
    expect(pay).toMatchObject({ name: 'Pay invoice', consumes: ['Amount'] });
    expect(result.variables).toContainEqual({ name: 'Amount', type: 'double' });
  });

  it('reads loops, parallel work, repetition and deadlines', () => {
    const loop = plan('The author writes the draft, then the editor reviews the draft until it is approved').steps[1] as LoopStep;
    expect(loop).toMatchObject({ kind: 'loop', until: { variable: 'Approved', op: '=', value: true } });
    expect((loop.body[0] as TaskStep).produces).toEqual(['Approved']);
    const parallel = plan('Legal reviews the contract while finance checks the budget').steps[0] as ParallelStep;
    expect(parallel.branches.map((branch) => (branch[0] as TaskStep).role)).toEqual(['legal', 'finance']);
    const each = tasksOf(plan('The customer submits the order; for each line item the warehouse checks stock').steps);
    expect(each[0]!.produces).toContain('LineItems');
    expect(each[1]!.forEach).toEqual({ list: 'LineItems', item: 'LineItem', results: 'ProcessedLineItems' });
    expect(tasksOf(plan('An engineer resolves the ticket within 3 days').steps)[0]!.deadline).toBe('P3D');
  });

  it('uses the hints: a name and a role for tasks the intent gives none', () => {
    const result = plan('Receive the order, then ship it');
    expect(tasksOf(result.steps).map((task) => task.role)).toEqual([undefined, undefined]);
    // Without hints: the title from the first words, no role.
    expect(result.title).toBe('Receive the order');
    const named = planIntent('Receive the order, then ship it', { name: 'Orders', defaultRole: 'dispatcher' });
    expect(named.ok && named.plan.title).toBe('Orders');
    expect(named.ok && tasksOf(named.plan.steps).map((task) => task.role)).toEqual(['dispatcher', 'dispatcher']);
  });

  it('refuses what it cannot plan, with the reason', () => {
    expect(planIntent('')).toEqual({ ok: false, reason: 'the intent is empty' });
    expect(planIntent('x'.repeat(2001))).toMatchObject({ ok: false, reason: expect.stringContaining('longer than 2000') });
    expect(planIntent('Otherwise the manager approves it')).toMatchObject({ ok: false, reason: expect.stringContaining('no condition came before it') });
  });

  it('refuses an intent whose "… too" clauses would copy branches into more than 100 tasks', () => {
    const clauses = ['A clerk enters the invoice', 'if the amount is over 10 a manager approves it'];
    for (let i = 0; i < 36; i++) clauses.push(`if the amount is over ${20 + i * 10} officer${i} signs off too`);
    const intent = `${clauses.join(', ')}.`;
    expect(intent.length).toBeLessThanOrEqual(2000);
    expect(planIntent(intent)).toEqual({ ok: false, reason: 'the workflow would have more than 100 tasks: split it into smaller workflows' });
    // The same chain, short enough, is planned: each clause adds to the branch before it.
    const short = planIntent(`${clauses.slice(0, 5).join(', ')}.`);
    expect(short.ok && tasksOf(short.plan.steps).length).toBeGreaterThan(5);
  });
});
