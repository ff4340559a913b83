/**
 * Element ids are scoped to their net, as YAWL's schema scopes them (NetElementKey_Inner on each
 * decomposition): a subnet may reuse the root net's condition ids and task ids. Written as XML so
 * the parser, verifier, exporter and engine all meet the reused ids.
 */
import { describe, expect, it } from 'vitest';
import { exportSpecificationSet } from './export.js';
import { parseSpecificationSet } from './parse.js';
import { CaseDriver } from './testing/driver.js';
import { atomicXml, netXml, specXml, taskXml, variableXml } from './testing/fixtures.js';
import { verifySpecification } from './verify.js';
import type { Specification } from './model.js';

const mapping = (query: string, mapsTo: string): string =>
  `<mapping><expression query="${query.replace(/</g, '&lt;').replace(/>/g, '&gt;')}"/><mapsTo>${mapsTo}</mapsTo></mapping>`;

// Main: InputCondition → Review (composite, runs Sub) → Archive → Check → OutputCondition.
// Sub:  InputCondition → Archive → Check → OutputCondition: the same condition ids, the same task
// ids, and so the same implicit condition c{Archive_Check}, in another net.
const MAIN = netXml('Main', [
  '<inputCondition id="InputCondition"><flowsInto><nextElementRef id="Review"/></flowsInto></inputCondition>',
  taskXml('Review', ['Archive'], { decomposesTo: 'Sub', body: `<completedMappings>${mapping('<note>{/Sub/note/text()}</note>', 'note')}</completedMappings>` }),
  taskXml('Archive', ['Check'], { decomposesTo: 'ArchiveD' }),
  taskXml('Check', ['OutputCondition'], { decomposesTo: 'CheckD' }),
  '<outputCondition id="OutputCondition"/>',
].join(''), { variables: variableXml('localVariable', 'note', 'string', 0, '<initialValue>none</initialValue>') });
const SUB = netXml('Sub', [
  '<inputCondition id="InputCondition"><flowsInto><nextElementRef id="Archive"/></flowsInto></inputCondition>',
  taskXml('Archive', ['Check'], { decomposesTo: 'ArchiveD' }),
  taskXml('Check', ['OutputCondition'], { decomposesTo: 'NoteD', body: `<completedMappings>${mapping('<note>{/NoteD/note/text()}</note>', 'note')}</completedMappings>` }),
  '<outputCondition id="OutputCondition"/>',
].join(''), { root: false, variables: variableXml('outputParam', 'note') });
const XML = specXml(MAIN + SUB + atomicXml('ArchiveD') + atomicXml('CheckD') + atomicXml('NoteD', variableXml('outputParam', 'note')));

function parsed(xml: string): Specification {
  const result = parseSpecificationSet(xml);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.set.specifications[0]!;
}

describe('element ids scoped to their net', () => {
  it('imports a subnet reusing the root net\'s condition and task ids: parses, verifies clean, round-trips', () => {
    const spec = parsed(XML);
    expect(verifySpecification(spec)).toEqual([]);
    for (const netId of ['Main', 'Sub']) {
      const net = spec.decompositions[netId];
      expect(net?.kind === 'net' && [net.inputConditionId, net.outputConditionId, net.elements['c{Archive_Check}']?.kind]).toEqual([
        'InputCondition', 'OutputCondition', 'condition',
      ]);
    }
    const result = parseSpecificationSet(exportSpecificationSet({ schemaVersion: '4.0', specifications: [spec] }));
    expect(result.ok && result.set.specifications[0]).toEqual(spec);
  });

  it('still refuses an id used twice within one net, naming the net', () => {
    const twice = XML.replace('<outputCondition id="OutputCondition"/></processControlElements>\n  </decomposition><decomposition id="Sub"', '<condition id="Review"/><outputCondition id="OutputCondition"/></processControlElements>\n  </decomposition><decomposition id="Sub"');
    expect(twice).not.toBe(XML);
    const result = parseSpecificationSet(twice);
    expect(result.ok ? [] : result.issues.map((issue) => [issue.code, issue.elementId, issue.netId])).toEqual([['DUPLICATE_ID', 'Review', 'Main']]);
  });

  it('names the net of an element an issue is about, since its id alone no longer says which', () => {
    const broken = XML.replace(`<task id="Check"><flowsInto><nextElementRef id="OutputCondition"/></flowsInto>
    <join code="xor"/><split code="and"/><completedMappings>`, `<task id="Check"><flowsInto><nextElementRef id="OutputCondition"/></flowsInto><flowsInto><nextElementRef id="Review"/></flowsInto>
    <join code="xor"/><split code="and"/><completedMappings>`);
    expect(broken).not.toBe(XML);
    expect(verifySpecification(parsed(broken)).map((issue) => [issue.code, issue.elementId, issue.netId])).toEqual([['UNKNOWN_ELEMENT', 'Check', 'Sub']]);
  });

  it('runs to completion, each net\'s items and tokens kept apart', () => {
    const run = CaseDriver.launch(parsed(XML));
    const review = run.item('Review');
    expect(run.item('Archive').netInstanceId).toBe(review.id);
    // Review took Main's InputCondition token; Sub's InputCondition holds its own.
    expect(run.case.netInstances.c1!.marking).toEqual({});
    expect(run.case.netInstances[review.id]!.marking).toEqual({ InputCondition: 1 });
    run.complete('Archive');
    expect(run.case.netInstances[review.id]!.marking).toEqual({ 'c{Archive_Check}': 1 });
    expect(run.case.netInstances.c1!.marking).toEqual({});
    run.complete('Check', '<NoteD><note>checked in Sub</note></NoteD>');
    expect(run.case.workItems[review.id]!.status).toBe('completed');
    expect(run.variable('note')).toBe('checked in Sub');
    const archive = run.item('Archive');
    expect(archive.netInstanceId).toBe('c1');
    run.complete('Archive');
    run.complete('Check');
    expect(run.case.status).toBe('completed');
    // Each task id ran once in each net, under its own work item.
    expect(run.completedTasks()).toEqual(['Archive', 'Check', 'Review', 'Archive', 'Check']);
    expect(new Set(run.events.filter((event) => event.type === 'workitem.completed').map((event) => event.workItemId)).size).toBe(5);
  });
});
