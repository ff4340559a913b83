/**
 * Fixed ids of the demo tenant, shared so each subgraph can seed its own slice of the
 * demo and the slices still reference each other across the graph.
 */
export const demo = {
  tenant: { id: '00000000-0000-4000-8000-000000000001', name: 'Demo Tenant', slug: 'demo' },
  password: 'demo-password',
  users: {
    admin: { id: '00000000-0000-4000-8000-000000000101', email: 'admin@demo.flowgraph.dev', name: 'Ada Admin', role: 'admin' },
    user: { id: '00000000-0000-4000-8000-000000000102', email: 'user@demo.flowgraph.dev', name: 'Uma User', role: 'user' },
    viewer: { id: '00000000-0000-4000-8000-000000000103', email: 'viewer@demo.flowgraph.dev', name: 'Vic Viewer', role: 'viewer' },
  },
  specifications: {
    orderFulfilment: '00000000-0000-4000-8000-000000000201',
    concert: '00000000-0000-4000-8000-000000000202',
  },
  templates: {
    orderFulfilment: '00000000-0000-4000-8000-000000000301',
    concert: '00000000-0000-4000-8000-000000000302',
  },
  generations: {
    expenseApproval: '00000000-0000-4000-8000-000000000401',
  },
} as const;
