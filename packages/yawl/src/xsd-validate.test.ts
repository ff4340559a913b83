import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { YAWL_NAMESPACE } from './model.js';
import { atomicXml, flowXml, netXml, simpleNet, specXml, taskXml, variableXml } from './testing/fixtures.js';
import { loadSpecificationSchema, validateAgainstXsd, validateSpecificationSchema } from './xsd-validate.js';

const atomic = (id: string, params = '') => atomicXml(id, params);
/** A valid two-task net with typed parameters, mappings, a timer, resourcing and an MI task. */
const valid = specXml(
  simpleNet(
    'Main',
    'A',
    taskXml('A', ['B'], {
      split: 'xor',
      body:
        '<startingMappings><mapping><expression query="&lt;x&gt;{/Main/x/text()}&lt;/x&gt;"/><mapsTo>x</mapsTo></mapping></startingMappings>' +
        '<timer><trigger>OnEnabled</trigger><duration>PT1H</duration></timer>' +
        '<resourcing><offer initiator="user"><distributionSet><initialSet><role>r</role></initialSet></distributionSet></offer><allocate initiator="system"/><start initiator="user"/></resourcing>',
      decomposesTo: 'A',
    }).replace(flowXml('B'), flowXml('B', '<predicate ordering="0">true()</predicate>') + flowXml('Main_o', '<isDefaultFlow/>')) +
      taskXml('B', ['Main_o'], {
        type: 'MultipleInstanceExternalTaskFactsType',
        decomposesTo: 'B',
        tail:
          '<minimum>1</minimum><maximum>2</maximum><threshold>2</threshold><creationMode code="static"/>' +
          '<miDataInput><expression query="/Main/x"/><splittingExpression query="/x/*"/><formalInputParam>x</formalInputParam></miDataInput>',
      }),
    { variables: variableXml('localVariable', 'x', 'string', 0, '<initialValue>a</initialValue>') },
  ) +
    atomic('A', variableXml('inputParam', 'x')) +
    atomic('B', variableXml('inputParam', 'x')),
);

function lineOf(xml: string, marker: string): number {
  return xml.slice(0, xml.indexOf(marker)).split('\n').length;
}

describe('validateAgainstXsd with the bundled schema', () => {
  it('accepts a specification using flows, predicates, mappings, a timer, resourcing and an MI task', async () => {
    expect(await validateAgainstXsd(valid)).toEqual([]);
  });

  it('accepts the same element id in two nets, and every schema version the parser reads', async () => {
    const twoNets = specXml(simpleNet('N1', 'T', taskXml('T', ['N1_o'])) + simpleNet('N2', 'T', taskXml('T', ['N2_o']), { root: false }));
    expect(await validateAgainstXsd(twoNets)).toEqual([]);
    for (const version of ['2.0', '2.2', '3.0']) expect(await validateAgainstXsd(valid.replace('version="4.0"', `version="${version}"`))).toEqual([]);
  });

  it('refuses an element out of order with the schema\'s message and its line', async () => {
    const xml = valid.replace('<join code="xor"/><split code="xor"/>', '<split code="xor"/>\n<join code="xor"/>');
    const issues = await validateAgainstXsd(xml);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ severity: 'error', code: 'XSD_INVALID', elementId: 'specificationSet', line: lineOf(xml, '<split code="xor"/>') });
    expect(issues[0]!.message).toMatch(/split.*This element is not expected.*join/);
  });

  it('refuses a missing required attribute', async () => {
    const xml = valid.replace('<specification uri="Test">', '<specification>');
    const issues = await validateAgainstXsd(xml);
    expect(issues).toEqual([expect.objectContaining({ code: 'XSD_INVALID', line: lineOf(xml, '<specification>'), message: expect.stringMatching(/attribute 'uri' is required/) })]);
  });

  it('refuses an id used twice within one net', async () => {
    const xml = specXml(simpleNet('N', 'T', taskXml('T', ['C']) + `\n<condition id="T">${flowXml('N_o')}</condition><condition id="C">${flowXml('N_o')}</condition>`));
    const issues = await validateAgainstXsd(xml);
    expect(issues).toEqual([expect.objectContaining({ code: 'XSD_INVALID', line: lineOf(xml, '<condition id="T">'), message: expect.stringMatching(/Duplicate key-sequence \['T'\].*netElementId/) })]);
  });

  it('refuses a flow to an element its net does not have, a task decomposing to nothing, a variable declared twice and a timer duration that is no duration', async () => {
    const message = async (xml: string) => (await validateAgainstXsd(xml)).map((issue) => issue.message).join('\n');
    expect(await message(valid.replace(flowXml('Main_o', '<isDefaultFlow/>'), flowXml('Elsewhere', '<isDefaultFlow/>')))).toMatch(/key-sequence \['Elsewhere'\] of keyref .*flowTarget/);
    expect(await message(valid.replace('<decomposesTo id="B"/>', '<decomposesTo id="Nothing"/>'))).toMatch(/key-sequence \['Nothing'\] of keyref .*decomposesToDecomposition/);
    expect(await message(valid.replace('<initialValue>a</initialValue></localVariable>', `<initialValue>a</initialValue></localVariable>${variableXml('localVariable', 'x', 'string', 1)}`))).toMatch(/Duplicate key-sequence \['x'\].*localVariableName/);
    expect(await message(valid.replace('<duration>PT1H</duration>', '<duration>an hour</duration>'))).toMatch(/'an hour' is not a valid value of the atomic type 'xs:duration'/);
  });

  it('refuses a decomposition without xsi:type, an unknown join code and a second decomposition of one id', async () => {
    const untyped = specXml(netXml('N', '<inputCondition id="i"/><outputCondition id="o"/>').replace(' xsi:type="NetFactsType"', ''));
    expect((await validateAgainstXsd(untyped))[0]!.message).toMatch(/abstract/);
    expect((await validateAgainstXsd(valid.replace('<join code="xor"/>', '<join code="nand"/>')))[0]!.message).toMatch(/'nand' is not an element of the set/);
    expect((await validateAgainstXsd(valid.replace(atomic('B', variableXml('inputParam', 'x')), atomic('A'))))[0]!.message).toMatch(/Duplicate key-sequence \['A'\].*decompositionId/);
  });
});

describe('validateSpecificationSchema: in a worker, bounded in time, with the schema the deployment names', () => {
  const dir = mkdtempSync(join(tmpdir(), 'yawl-xsd-'));
  const official = join(dir, 'official.xsd');
  // A stand-in for YAWL_Schema4.0.xsd: a set must carry a `ref` attribute.
  writeFileSync(
    official,
    `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="${YAWL_NAMESPACE}" elementFormDefault="qualified">
      <xs:element name="specificationSet"><xs:complexType><xs:sequence><xs:any processContents="skip" maxOccurs="unbounded"/></xs:sequence>
        <xs:attribute name="version" type="xs:string"/><xs:attribute name="ref" type="xs:string" use="required"/></xs:complexType></xs:element>
    </xs:schema>`,
  );

  it('validates with the bundled schema by default', async () => {
    expect(await validateSpecificationSchema(valid)).toEqual([]);
    const issues = await validateSpecificationSchema(valid.replace('<specification uri="Test">', '<specification>'));
    expect(issues).toEqual([expect.objectContaining({ code: 'XSD_INVALID', message: expect.stringMatching(/'uri' is required/) })]);
  });

  it('validates 4.0 documents against the schema file it is given, older ones against the bundled schema', async () => {
    const schema = loadSpecificationSchema(official);
    expect(await validateSpecificationSchema(valid, { official: schema })).toEqual([
      expect.objectContaining({ code: 'XSD_INVALID', line: 2, message: expect.stringMatching(/attribute 'ref' is required/) }),
    ]);
    expect(await validateSpecificationSchema(valid.replace('version="4.0"', 'version="4.0" ref="x"'), { official: schema })).toEqual([]);
    expect(await validateSpecificationSchema(valid.replace('version="4.0"', 'version="2.2"'), { official: schema })).toEqual([]);
  });

  it('stops a validation that outlasts its bound, and the next one runs', async () => {
    const large = valid.replace('</specification>', `<!--${'x'.repeat(1_000_000)}--></specification>`);
    expect(await validateSpecificationSchema(large, { timeoutMs: 1 })).toEqual([expect.objectContaining({ code: 'XSD_TIMEOUT' })]);
    expect(await validateSpecificationSchema(valid, { timeoutMs: 30_000 })).toEqual([]);
  });
});
