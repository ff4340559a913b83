/** Entities of other subgraphs, known here only by id. */
export interface UserReference {
  id: string;
}

export interface SpecificationReference {
  id: string;
}
