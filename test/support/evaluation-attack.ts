import { atomicXml, flowXml, simpleNet, specXml, taskXml, variableXml } from '@flowgraph/yawl/testing/fixtures';

/** The evaluation-budget attacks: the test and bench:evaluation run the same specification. */
export const PREDICATE = 'every $i in 1 to /Net/n satisfies $i > 0';
export const MAPPING = "<s>{string-join(for $i in 1 to xs:integer(/Work/k) return 'x')}</s>";
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * start → A → (B when PREDICATE holds, else C) → end. Completing A maps its outputs `n` and `k`
 * into the net, `k` through MAPPING: a tenant chooses how long both run by what it completes A with.
 */
export function attackXml(uri: string, predicate = PREDICATE): string {
  const work = atomicXml('Work', variableXml('outputParam', 'n', 'long', 0) + variableXml('outputParam', 'k', 'long', 1));
  const mappings =
    `<completedMappings><mapping><expression query="&lt;n&gt;{/Work/n/text()}&lt;/n&gt;"/><mapsTo>n</mapsTo></mapping>` +
    `<mapping><expression query="${escape(MAPPING).replace(/"/g, '&quot;')}"/><mapsTo>s</mapsTo></mapping></completedMappings>`;
  const a = taskXml('A', [flowXml('B', `<predicate ordering="0">${escape(predicate)}</predicate>`), flowXml('C', '<isDefaultFlow/>')], { split: 'xor', decomposesTo: 'Work', body: mappings });
  const net = simpleNet('Net', 'A', a + taskXml('B', ['Net_o']) + taskXml('C', ['Net_o']), {
    variables: variableXml('localVariable', 'n', 'long', 0, '<initialValue>1</initialValue>') + variableXml('localVariable', 's', 'string', 1),
  });
  return specXml(net + work).replace('uri="Test"', `uri="${uri}"`).replace('</metaData>', `<identifier>${uri}</identifier></metaData>`);
}

