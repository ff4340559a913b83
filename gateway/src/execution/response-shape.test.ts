import { buildSchema, operationFromDocument } from '@apollo/federation-internals';
import { parse, type GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { compileResponseShape, shapeResponse } from './response-shape.js';

const schema = buildSchema('type Query { node: Node, label: String } interface Node { id: ID! } type Item implements Node { id: ID! name: String }');

function shape(query: string, data: Record<string, unknown>) {
  const errors: GraphQLError[] = [];
  const result = shapeResponse(compileResponseShape(operationFromDocument(schema, parse(query))), data, {
    variables: {},
    errors,
    introspect: () => {
      throw new Error('no introspection here');
    },
  });
  return { result, errors: errors.map((e) => e.message) };
}

// What a subgraph may send that graphql-js never would: these are the cases the differential suite,
// whose subgraphs are graphql-js servers, cannot reach. The expected values are @apollo/gateway's.
describe('response shaping of what a misbehaving subgraph answers', () => {
  it('reads a null __typename at the root as none: fragments are decided by the root type', () => {
    expect(shape('{ ... on Query { label } }', { __typename: null, label: 'x' })).toEqual({ result: { label: 'x' }, errors: [] });
  });

  it('refuses a __typename that is not a string', () => {
    expect(() => shape('{ ... on Query { label } }', { __typename: 7, label: 'x' })).toThrow('Got unexpected value for __typename: 7');
  });

  it('nulls an object of an unknown __typename with an error at its path', () => {
    expect(shape('{ node { id } }', { node: { __typename: 'Nope', id: '1' } })).toEqual({ result: { node: null }, errors: ['Invalid __typename found for object at field Query.node.'] });
  });

  it('nulls a leaf of the wrong type and its non-null parent up to the nearest nullable field', () => {
    expect(shape('{ node { id ... on Item { name } } }', { node: { __typename: 'Item', id: { not: 'an id' }, name: 'n' } })).toEqual({
      result: { node: null },
      errors: ['Invalid value found for field Item.id.'],
    });
  });
});
