/** A user known to this subgraph only by id; identity resolves the rest. */
export interface UserReference {
  id: string;
}
