import { describe, expect, it } from 'vitest';
import { creatorReference, isVisibleTo, specificationReference, toGraphQLVisibility } from './visibility.js';

const OWN = '00000000-0000-4000-8000-000000000001';
const OTHER = '00000000-0000-4000-8000-00000000aaaa';
const template = { tenantId: OWN, creatorId: 'creator', specificationId: 'spec' as string | null };

describe('template visibility', () => {
  it('shows public templates to everyone and private ones only to their tenant', () => {
    expect(isVisibleTo({ tenantId: OWN, visibility: 'public', status: 'published' }, OTHER)).toBe(true);
    expect(isVisibleTo({ tenantId: OWN, visibility: 'private', status: 'published' }, OWN)).toBe(true);
    expect(isVisibleTo({ tenantId: OWN, visibility: 'private', status: 'published' }, OTHER)).toBe(false);
    expect(isVisibleTo({ tenantId: OWN, visibility: 'private', status: 'published' }, null)).toBe(false);
  });

  it('hides unpublished templates from every tenant but their own', () => {
    expect(isVisibleTo({ tenantId: OWN, visibility: 'public', status: 'unpublished' }, OTHER)).toBe(false);
    expect(isVisibleTo({ tenantId: OWN, visibility: 'public', status: 'unpublished' }, OWN)).toBe(true);
  });

  it('references the creator only within the publishing tenant', () => {
    expect(creatorReference(template, OWN)).toEqual({ id: 'creator' });
    expect(creatorReference(template, OTHER)).toBeNull();
    expect(creatorReference(template, null)).toBeNull();
  });

  it('references the specification only within the publishing tenant, and only when there is one', () => {
    expect(specificationReference(template, OWN)).toEqual({ id: 'spec' });
    expect(specificationReference(template, OTHER)).toBeNull();
    expect(specificationReference({ ...template, specificationId: null }, OWN)).toBeNull();
  });

  it('maps visibility to the GraphQL enum', () => {
    expect(toGraphQLVisibility('public')).toBe('PUBLIC');
    expect(toGraphQLVisibility('private')).toBe('PRIVATE');
  });
});
