/** Entities of other subgraphs, known here only by id; their owners resolve the rest. */
export interface UserReference {
  id: string;
}

export interface SpecificationReference {
  id: string;
}
