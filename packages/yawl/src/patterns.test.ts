import { describe, expect, it } from 'vitest';
import { parseSpecificationSet } from './parse.js';
import { patternsOfSpecification, summarizeSpecifications, WORKFLOW_SUMMARY_LIMITS } from './patterns.js';
import { atomicXml, flowXml, simpleNet, specXml, taskXml } from './testing/fixtures.js';

const parse = (xml: string) => {
  const parsed = parseSpecificationSet(xml);
  if (!parsed.ok) throw new Error(parsed.issues.map((issue) => issue.message).join('; '));
  return parsed.set.specifications;
};

describe('patternsOfSpecification', () => {
  it('reads a sequence of two tasks', () => {
    const [spec] = parse(specXml(simpleNet('Net', 'A', taskXml('A', ['B']) + taskXml('B', ['Net_o']))));
    expect(patternsOfSpecification(spec!)).toEqual(['WCP-1 sequence']);
  });

  it('reads a choice that loops back as exclusive choice, merge and a cycle', () => {
    const check = taskXml('Check', [flowXml('Work', '<predicate>true()</predicate>'), flowXml('Net_o', '<isDefaultFlow/>')], { split: 'xor' });
    const [spec] = parse(specXml(simpleNet('Net', 'Work', taskXml('Work', ['Check']) + check)));
    expect(patternsOfSpecification(spec!)).toEqual(['WCP-1 sequence', 'WCP-10 arbitrary cycles', 'WCP-4 exclusive choice', 'WCP-5 simple merge']);
  });

  it('reads an AND split joined by an AND join', () => {
    const net = taskXml('Split', ['Left', 'Right'], { split: 'and' }) + taskXml('Left', ['Join']) + taskXml('Right', ['Join']) + taskXml('Join', ['Net_o'], { join: 'and' });
    const [spec] = parse(specXml(simpleNet('Net', 'Split', net)));
    expect(patternsOfSpecification(spec!)).toEqual(['WCP-1 sequence', 'WCP-2 parallel split', 'WCP-3 synchronization']);
  });
});

describe('summarizeSpecifications', () => {
  it('names the tasks of every net, bounded, with the patterns', () => {
    const tasks = Array.from({ length: 60 }, (_, i) => `T${i}`);
    const net = tasks.map((id, i) => taskXml(id, [tasks[i + 1] ?? 'Net_o'], { decomposesTo: 'Work' })).join('') ;
    const xml = specXml(simpleNet('Net', 'T0', net) + atomicXml('Work')).replace('<metaData>', `<metaData><title>${'Long title '.repeat(40)}</title><description>Pays   suppliers\n quickly</description>`);
    const summary = summarizeSpecifications(parse(xml));
    expect(summary.taskNames).toHaveLength(WORKFLOW_SUMMARY_LIMITS.tasks);
    expect(summary.taskNames.slice(0, 2)).toEqual(['T0', 'T1']);
    expect(summary.name.length).toBeLessThanOrEqual(WORKFLOW_SUMMARY_LIMITS.name);
    expect(summary.description).toBe('Pays suppliers quickly');
    expect(summary.patterns).toEqual(['WCP-1 sequence']);
  });
});
