import { describe, expect, it } from 'vitest';
import { parseSpecificationSet } from './parse.js';
import { atomicXml, flowXml, netXml, simpleNet, specXml, taskXml, variableXml } from './testing/fixtures.js';
import { verifySpecification } from './verify.js';

function issues(xml: string): string[] {
  const result = parseSpecificationSet(xml);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.set.specifications.flatMap((spec) => verifySpecification(spec)).map((i) => `${i.severity}:${i.code}:${i.elementId}`);
}

const A = atomicXml('A');
const io = (net: string, first: string, elements: string, options?: { root?: boolean; variables?: string }): string =>
  specXml(simpleNet(net, first, elements, options) + A);
const xorTo = (flows: string[], split = 'xor', body = ''): string => taskXml('T', flows, { split, body, decomposesTo: 'A' });
const pred = (to: string, predicate: string | undefined, extra = ''): string =>
  flowXml(to, predicate === undefined ? '' : `<predicate ordering="${extra || '0'}">${predicate}</predicate>`);
const timerVariable = (initial: string): string => variableXml('localVariable', 't', 'YTimerType', 0, `<initialValue>${initial}</initialValue>`);
const branches = taskXml('B1', ['N_o'], { decomposesTo: 'A' }) + taskXml('B2', ['N_o'], { decomposesTo: 'A' });

describe('verifySpecification', () => {
  it('accepts a minimal valid net', () => {
    expect(issues(io('N', 'T', taskXml('T', ['N_o'], { decomposesTo: 'A' })))).toEqual([]);
  });

  it.each([
    ['no root net', specXml(simpleNet('N', 'T', taskXml('T', ['N_o'], { decomposesTo: 'A' }), { root: false }) + A), 'error:ROOT_NET_COUNT:Test'],
    ['two root nets', specXml(simpleNet('N', 'T', taskXml('T', ['N_o'], { decomposesTo: 'A' })) + simpleNet('M', 'U', taskXml('U', ['M_o'], { decomposesTo: 'A' })) + A), 'error:ROOT_NET_COUNT:Test'],
    ['missing output condition', specXml(netXml('N', `<inputCondition id="i">${flowXml('T')}</inputCondition>${taskXml('T', [], { decomposesTo: 'A' })}`) + A), 'error:OUTPUT_CONDITION_COUNT:N'],
    ['two input conditions', specXml(netXml('N', `<inputCondition id="i">${flowXml('T')}</inputCondition><inputCondition id="j">${flowXml('T')}</inputCondition>${taskXml('T', ['o'], { decomposesTo: 'A' })}<outputCondition id="o"/>`) + A), 'error:INPUT_CONDITION_COUNT:N'],
    ['flow into the input condition', io('N', 'T', taskXml('T', ['N_o', 'N_i'], { decomposesTo: 'A' })), 'error:INPUT_CONDITION_HAS_INCOMING:N_i'],
    ['unknown flow target', io('N', 'T', taskXml('T', ['N_o', 'Nowhere'], { decomposesTo: 'A' })), 'error:UNKNOWN_ELEMENT:T'],
    ['unreachable task', io('N', 'T', taskXml('T', ['N_o'], { decomposesTo: 'A' }) + taskXml('U', ['N_o'], { decomposesTo: 'A' })), 'error:UNREACHABLE:U'],
    ['dead-end task', io('N', 'T', taskXml('T', ['N_o', 'U'], { decomposesTo: 'A' }) + taskXml('U', [], { decomposesTo: 'A' })), 'error:DEAD_END:U'],
    ['condition to condition', io('N', 'c', '<condition id="c">' + flowXml('N_o') + '</condition>'), 'error:CONDITION_TO_CONDITION:c'],
    ['predicate on AND split', io('N', 'T', xorTo([pred('B1', 'true()'), 'B2'], 'and') + branches), 'error:PREDICATE_ON_AND_SPLIT:T'],
    ['XOR split without default', io('N', 'T', xorTo([pred('B1', 'true()', '0'), pred('B2', 'false()', '1')]) + branches), 'error:XOR_SPLIT_NO_DEFAULT:T'],
    ['OR split without default', io('N', 'T', xorTo([pred('B1', 'true()'), pred('B2', 'false()')], 'or') + branches), 'error:OR_SPLIT_NO_DEFAULT:T'],
    ['two default flows', io('N', 'T', xorTo([flowXml('B1', '<isDefaultFlow/>'), flowXml('B2', '<isDefaultFlow/>')]) + branches), 'error:MULTIPLE_DEFAULT_FLOWS:T'],
    ['missing predicate', io('N', 'T', xorTo(['B1', flowXml('B2', '<isDefaultFlow/>')]) + branches), 'error:MISSING_PREDICATE:T'],
    ['XOR predicate without ordering', io('N', 'T', xorTo([pred('B1', 'true()', '1'), flowXml('B2', '<predicate>false()</predicate>'), flowXml('N_o', '<isDefaultFlow/>')]) + branches), 'error:MISSING_ORDERING:T'],
    ['OR predicate with an ordering', io('N', 'T', xorTo([pred('B1', 'true()', '1'), flowXml('B2', '<predicate>true()</predicate><isDefaultFlow/>')], 'or') + branches), 'error:ORDERING_ON_OR_SPLIT:T'],
    ['OR default flow without predicate', io('N', 'T', xorTo([flowXml('B1', '<predicate>true()</predicate>'), flowXml('B2', '<isDefaultFlow/>')], 'or') + branches), 'error:MISSING_PREDICATE:T'],
    ['XOR default flow that also has a predicate', io('N', 'T', xorTo([pred('B1', 'true()', '0'), flowXml('B2', '<predicate ordering="1">false()</predicate><isDefaultFlow/>')]) + branches), 'error:XOR_DEFAULT_FLOW_WITH_PREDICATE:T'],
    ['duplicate ordering', io('N', 'T', xorTo([pred('B1', 'true()', '1'), pred('B2', 'false()', '1'), flowXml('N_o', '<isDefaultFlow/>')]) + branches), 'error:DUPLICATE_ORDERING:T'],
    ['invalid XPath predicate', io('N', 'T', xorTo([pred('B1', '/a[', '0'), flowXml('B2', '<isDefaultFlow/>')]) + branches), 'error:XPATH_INVALID:T'],
    ['cancelling an unknown element', io('N', 'T', taskXml('T', ['N_o'], { decomposesTo: 'A', body: '<removesTokens id="ghost"/>' })), 'error:CANCELLATION_UNKNOWN_ELEMENT:T'],
    ['cancelling an element of another net', specXml(simpleNet('N', 'T', taskXml('T', ['N_o'], { decomposesTo: 'A', body: '<removesTokens id="U"/>' })) + simpleNet('M', 'U', taskXml('U', ['M_o'], { decomposesTo: 'A' }), { root: false }) + A), 'error:CANCELLATION_UNKNOWN_ELEMENT:T'],
    ['cancelling an unknown flow', io('N', 'T', taskXml('T', ['N_o'], { decomposesTo: 'A', body: '<removesTokensFromFlow><flowSource id="T"/><flowDestination id="X"/></removesTokensFromFlow>' })), 'error:CANCELLATION_UNKNOWN_ELEMENT:T'],
    ['cancelling the output condition', io('N', 'T', taskXml('T', ['N_o'], { decomposesTo: 'A', body: '<removesTokens id="N_o"/>' })), 'error:CANCELLATION_OF_IO_CONDITION:T'],
    ['unknown decomposition', io('N', 'T', taskXml('T', ['N_o'], { decomposesTo: 'Missing' })), 'error:UNKNOWN_DECOMPOSITION:T'],
    ['task decomposing to its own net', io('N', 'T', taskXml('T', ['N_o'], { decomposesTo: 'N' })), 'error:RECURSIVE_NET:T'],
    ['nets decomposing into each other', specXml(simpleNet('N', 'T', taskXml('T', ['N_o'], { decomposesTo: 'M' })) + simpleNet('M', 'U', taskXml('U', ['M_o'], { decomposesTo: 'K' }), { root: false }) + simpleNet('K', 'V', taskXml('V', ['K_o'], { decomposesTo: 'M' }), { root: false })), 'error:RECURSIVE_NET:V'],
    ['starting mapping to an unknown parameter', io('N', 'T', taskXml('T', ['N_o'], { decomposesTo: 'A', body: '<startingMappings><mapping><expression query="&lt;y&gt;1&lt;/y&gt;"/><mapsTo>y</mapsTo></mapping></startingMappings>' })), 'error:MAPPING_UNKNOWN_TARGET:T'],
    ['completed mapping to an unknown variable', io('N', 'T', taskXml('T', ['N_o'], { decomposesTo: 'A', body: '<completedMappings><mapping><expression query="&lt;y&gt;1&lt;/y&gt;"/><mapsTo>y</mapsTo></mapping></completedMappings>' })), 'error:MAPPING_UNKNOWN_TARGET:T'],
    ['invalid XQuery mapping', io('N', 'T', taskXml('T', ['N_o'], { decomposesTo: 'A', body: '<completedMappings><mapping><expression query="&lt;v&gt;{/a}&lt;/w&gt;"/><mapsTo>v</mapsTo></mapping></completedMappings>' }), { variables: variableXml('localVariable', 'v') }), 'error:XQUERY_INVALID:T'],
    ['unknown variable type', io('N', 'T', taskXml('T', ['N_o'], { decomposesTo: 'A' }), { variables: variableXml('localVariable', 'v', 'MysteryType') }), 'error:UNKNOWN_TYPE:N'],
    ['duplicate variable', io('N', 'T', taskXml('T', ['N_o'], { decomposesTo: 'A' }), { variables: variableXml('localVariable', 'v') + variableXml('localVariable', 'v') }), 'error:DUPLICATE_VARIABLE:N'],
    ['timer with two values', io('N', 'T', taskXml('T', ['N_o'], { decomposesTo: 'A', body: '<timer><trigger>OnEnabled</trigger><expiry>1700000000000</expiry><duration>PT1H</duration></timer>' })), 'error:TIMER_INVALID:T'],
    ['timer with a bad duration', io('N', 'T', taskXml('T', ['N_o'], { decomposesTo: 'A', body: '<timer><trigger>OnEnabled</trigger><duration>1 hour</duration></timer>' })), 'error:TIMER_INVALID:T'],
    ['timer on a variable that is not a YTimerType', io('N', 'T', taskXml('T', ['N_o'], { decomposesTo: 'A', body: '<timer><netparam>t</netparam></timer>' }), { variables: variableXml('localVariable', 't') }), 'error:TIMER_INVALID:T'],
    ['timer variable with a bad initial record', io('N', 'T', taskXml('T', ['N_o'], { decomposesTo: 'A', body: '<timer><netparam>t</netparam></timer>' }), { variables: timerVariable('&lt;trigger&gt;OnEnabled&lt;/trigger&gt;&lt;expiry&gt;three days&lt;/expiry&gt;') }), 'error:TIMER_INVALID:T'],
    ['timer on an unknown net variable', io('N', 'T', taskXml('T', ['N_o'], { decomposesTo: 'A', body: '<timer><netparam>t</netparam></timer>' })), 'error:TIMER_INVALID:T'],
  ])('reports %s', (_name, xml, expected) => {
    expect(issues(xml)).toContain(expected);
  });

  it('accepts exact XOR orderings and OR predicates on every flow, as YAWL does', () => {
    const xor = xorTo([pred('B1', 'true()', '1'), pred('B2', 'false()', '0'), flowXml('N_o', '<isDefaultFlow/>')]);
    const or = xorTo([flowXml('B1', '<predicate>true()</predicate>'), flowXml('B2', '<predicate>false()</predicate><isDefaultFlow/>')], 'or');
    expect(issues(io('N', 'T', xor + branches))).toEqual([]);
    expect(issues(io('N', 'T', or + branches))).toEqual([]);
  });

  it('accepts a timer bound to a YTimerType variable, with or without a valid initial record', () => {
    const timed = taskXml('T', ['N_o'], { decomposesTo: 'A', body: '<timer><netparam>t</netparam></timer>' });
    expect(issues(io('N', 'T', timed, { variables: timerVariable('') }))).toEqual([]);
    expect(issues(io('N', 'T', timed, { variables: timerVariable('&lt;trigger&gt;OnExecuting&lt;/trigger&gt;&lt;expiry&gt;PT4H&lt;/expiry&gt;') }))).toEqual([]);
  });

  it('reports input parameters without a starting mapping as warnings, and codelets as unsupported', () => {
    const decomposition = '<decomposition id="A" xsi:type="WebServiceGatewayFactsType">' + variableXml('inputParam', 'x') +
      '<codelet>Calc</codelet><externalInteraction>automated</externalInteraction></decomposition>';
    expect(issues(specXml(simpleNet('N', 'T', taskXml('T', ['N_o'], { decomposesTo: 'A' })) + decomposition + atomicXml('Unused'))).sort()).toEqual([
      'warning:MISSING_INPUT_MAPPING:T', 'warning:UNSUPPORTED_CODELET:A', 'warning:UNUSED_DECOMPOSITION:Unused',
    ]);
  });

  describe('multiple-instance tasks', () => {
    const params = atomicXml('M', variableXml('inputParam', 'item'));
    const miTask = (bounds: [string, string, string], mode = 'static', input = '<expression query="/N/items"/><splittingExpression query="for $i in /items/* return $i"/><formalInputParam>item</formalInputParam>'): string =>
      specXml(simpleNet('N', 'T', taskXml('T', ['N_o'], {
        decomposesTo: 'M',
        type: 'MultipleInstanceExternalTaskFactsType',
        tail: `<minimum>${bounds[0]}</minimum><maximum>${bounds[1]}</maximum><threshold>${bounds[2]}</threshold><creationMode code="${mode}"/><miDataInput>${input}</miDataInput>`,
      }), { variables: variableXml('localVariable', 'items') }) + params);

    it('accepts valid bounds and queries', () => {
      expect(issues(miTask(['1', '5', '3']))).toEqual([]);
      expect(issues(miTask(['1', 'count(/N/items/*)', '1']))).toEqual([]);
    });

    it.each([
      ['minimum below one', ['0', '5', '3']],
      ['minimum above maximum', ['6', '5', '3']],
      ['threshold above maximum', ['1', '5', '9']],
    ] as const)('reports %s as MI_BOUNDS', (_name, bounds) => {
      expect(issues(miTask([...bounds]))).toContain('error:MI_BOUNDS:T');
    });

    it('refuses a multiple-instance composite task, naming it', () => {
      // The same task, decomposing to a net that takes the instance's item instead.
      const subnet = simpleNet('M', 'U', taskXml('U', ['M_o'], { decomposesTo: 'A' }), { root: false, variables: variableXml('inputParam', 'item') });
      expect(issues(miTask(['1', '5', '3']).replace(params, subnet + A))).toEqual(['error:MI_COMPOSITE_UNSUPPORTED:T']);
    });

    it('reports a missing splitting query, an unknown formal parameter and a bad creation mode', () => {
      expect(issues(miTask(['1', '2', '1'], 'static', '<expression query="/N/items"/><formalInputParam>nope</formalInputParam>'))).toEqual([
        'warning:MISSING_INPUT_MAPPING:T', 'error:MI_QUERY_MISSING:T', 'error:MAPPING_UNKNOWN_TARGET:T',
      ]);
      const result = parseSpecificationSet(miTask(['1', '2', '1'], 'lazy'));
      expect(result.ok ? [] : result.issues.map((i) => `${i.code}:${i.elementId}`)).toEqual(['MI_CREATION_MODE:T']);
    });
  });
});
