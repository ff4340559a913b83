import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { Conflict, Forbidden, InvalidInput, LostRace, notFound } from '../app/errors.js';
import { toGraphQLError, withDomainErrors } from './domain-errors.js';

describe('domain errors as GraphQL errors', () => {
  it('gives each typed refusal the code clients see, with its engine code and details', () => {
    const cases: [Error, Record<string, unknown>][] = [
      [notFound('Case', 'c1'), { code: 'NOT_FOUND', type: 'Case', id: 'c1' }],
      [new LostRace(), { code: 'CONFLICT' }],
      [new Conflict('budget', { engineCode: 'EVALUATION_BUDGET_EXCEEDED', details: { elementId: 'A', expression: 'x' } }), { code: 'CONFLICT', engineCode: 'EVALUATION_BUDGET_EXCEEDED', elementId: 'A', expression: 'x' }],
      [new InvalidInput('bad', { details: { issues: [] } }), { code: 'BAD_USER_INPUT', issues: [] }],
      [new Forbidden('no'), { code: 'FORBIDDEN' }],
    ];
    for (const [error, extensions] of cases) {
      const mapped = toGraphQLError(error) as GraphQLError;
      expect(mapped).toBeInstanceOf(GraphQLError);
      expect(mapped.message).toBe(error.message);
      expect(mapped.extensions).toEqual(extensions);
    }
    const infrastructure = new Error('connect ECONNREFUSED');
    expect(toGraphQLError(infrastructure)).toBe(infrastructure);
  });

  it('maps what resolvers, references and subscriptions throw or reject with, and leaves scalars alone', async () => {
    const scalar = new (class Scalar {
      readonly name = 'Scalar';
    })();
    const wrapped = withDomainErrors({
      Query: { a: () => { throw notFound('Case', 'x'); }, b: async () => { throw new LostRace(); } },
      Subscription: { s: { subscribe: async () => { throw new Forbidden('no'); } } },
      Case: { __resolveReference: () => 'ok' },
      Scalar: scalar,
    });
    expect(() => wrapped.Query.a()).toThrow(expect.objectContaining({ extensions: { code: 'NOT_FOUND', type: 'Case', id: 'x' } }));
    await expect(wrapped.Query.b()).rejects.toMatchObject({ extensions: { code: 'CONFLICT' } });
    await expect(wrapped.Subscription.s.subscribe()).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(wrapped.Case.__resolveReference()).toBe('ok');
    expect(wrapped.Scalar).toBe(scalar);
  });
});
