/** Hostile requests the gateway and subgraphs must refuse cheaply, shared by the security suites. */

/** Each fragment spreads the next twice, through entities of two subgraphs: 2^levels selections once expanded, about a kilobyte. */
export function fragmentExplosion(levels = 18): string {
  const fragments = [`fragment F${levels} on User { id email }`];
  for (let i = levels - 1; i >= 0; i--) fragments.push(`fragment F${i} on User { tenant { users { ...F${i + 1} } } specifications { createdBy { ...F${i + 1} } } }`);
  return `query Explode { me { ...F0 } }\n${fragments.join('\n')}`;
}

export function aliasBomb(aliases = 10_000): string {
  return `query Aliases { me { ${Array.from({ length: aliases }, (_, i) => `a${i}: email`).join(' ')} } }`;
}

/** `depth` levels of fields through the User → Tenant → users → specifications → createdBy cycle (identity ↔ workflows). */
export function deepEntityCycle(depth = 50): string {
  const cycle = ['tenant', 'users', 'specifications', 'createdBy'];
  const fields = ['me'];
  while (fields.length < depth - 1) fields.push(cycle[(fields.length - 1) % cycle.length]!);
  return `query Deep { ${fields.map((field) => `${field} {`).join(' ')} id ${'}'.repeat(fields.length)} }`;
}

/** JSON nested `depth` levels: `[[[…]]]`, as raw text (JSON.stringify would itself overflow the stack). */
export function deepJson(depth = 100_000): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}
