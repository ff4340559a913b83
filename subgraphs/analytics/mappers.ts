/** Entities of other subgraphs, known here only by id; analytics only adds their metrics. */
export interface SpecificationReference {
  id: string;
}

export interface TenantReference {
  id: string;
}
