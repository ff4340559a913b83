/**
 * The OR-join analysis on its own, and through the engine with busy (started) branches.
 */
import { describe, expect, it } from 'vitest';
import type { NetDecomposition, Task } from './model.js';
import { indexNet, isJoinSatisfied, orJoinMustWait, tokensToConsume } from './marking.js';
import { buildSpec } from './testing/spec-builder.js';
import { CaseDriver } from './testing/driver.js';

const spec = buildSpec({
  id: 'Or',
  flows: ['start -> A', 'A -> B', 'A -> C', 'B -> D', 'C -> C2', 'C2 -> D', 'D -> end'],
  tasks: { A: { split: 'or' }, D: { join: 'or' } },
});
const net = spec.decompositions.Or as NetDecomposition;
const index = indexNet(net);
const d = net.elements.D as Task;

describe('OR-join analysis', () => {
  it('computes presets through implicit conditions', () => {
    expect(index.preset.D).toEqual(['B_D', 'C2_D']);
    expect(index.postset.A).toEqual(['A_B', 'A_C']);
  });

  it('fires when no unmarked input can still be reached', () => {
    expect(orJoinMustWait(index, d, { B_D: 1 }, new Set())).toBe(false);
    expect(isJoinSatisfied(index, d, { B_D: 1, C2_D: 1 }, new Set())).toBe(true);
    expect(tokensToConsume(index, d, { B_D: 1, C2_D: 1 })).toEqual(['B_D', 'C2_D']);
  });

  it('waits while a token upstream can still arrive', () => {
    expect(orJoinMustWait(index, d, { B_D: 1, A_C: 1 }, new Set())).toBe(true);
    expect(orJoinMustWait(index, d, { B_D: 1, C_C2: 1 }, new Set())).toBe(true);
  });

  it('waits for a busy task whose output can reach it', () => {
    expect(orJoinMustWait(index, d, { B_D: 1 }, new Set(['C']))).toBe(true);
    expect(orJoinMustWait(index, d, { B_D: 1 }, new Set(['C2']))).toBe(true);
  });

  it('is not enabled without any token', () => {
    expect(isJoinSatisfied(index, d, {}, new Set())).toBe(false);
  });
});

describe('OR-join in a running case', () => {
  it('waits for a started branch', () => {
    const run = CaseDriver.launch(spec);
    run.complete('A');
    run.start('C');
    run.complete('B');
    expect(run.liveTasks()).toEqual(['C']);
    run.complete('C');
    expect(run.liveTasks()).toEqual(['C2']);
    run.complete('C2');
    expect(run.liveTasks()).toEqual(['D']);
    run.complete('D');
    expect(run.case.status).toBe('completed');
  });
});
