/**
 * Test support: what a person enters when completing an item of a generated specification, by
 * the output parameters' declared types, with the data choosing the branches. `high` answers yes
 * and enters large numbers, `low` answers no and enters small ones; from the third round of a
 * task on, each flips, so every loop ends.
 */
import type { Specification, TaskDecomposition, Variable } from '@flowgraph/yawl';

export type Mode = 'high' | 'low';

/** Item element names of the schema's list types (`<xs:complexType name="T">…<xs:element name="I" … maxOccurs="unbounded"/>`). */
function listItems(schema: string): Map<string, string> {
  const lists = new Map<string, string>();
  for (const match of schema.matchAll(/<xs:complexType[^>]*\sname="([^"]+)"[^>]*><xs:sequence><xs:element name="([^"]+)"[^>]*maxOccurs="unbounded"/g)) lists.set(match[1]!, match[2]!);
  return lists;
}

export function valueFor(variable: Variable, schema: string, mode: Mode, round: number, taskId: string): unknown {
  const flip = round >= 3;
  const high = (mode === 'high') !== flip;
  switch (variable.type) {
    case 'boolean':
      return high;
    case 'long':
    case 'integer':
      return high ? 1_000_000 : 1;
    case 'double':
    case 'decimal':
      return high ? 1_000_000.5 : 1.5;
    case 'string':
      return `${taskId} by ${mode}`;
  }
  const item = listItems(schema).get(variable.type);
  if (item) return { [item]: [`${item} one`, `${item} two`] };
  throw new Error(`no test value for type ${variable.type} of ${variable.name}`);
}

/** JSON output of a task, every output parameter given a value of its type. */
export function outputFor(spec: Specification, decomposition: TaskDecomposition, mode: Mode, round: number): Record<string, unknown> {
  return Object.fromEntries(decomposition.outputParams.map((param) => [param.name, valueFor(param, spec.schema, mode, round, decomposition.id)]));
}
