export interface GraphQLResponse<TData = Record<string, unknown>> {
  status: number;
  body: { data?: TData | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

/** POSTs an operation the way a browser client would. */
export async function postGraphQL<TData = Record<string, unknown>>(
  url: string,
  query: string,
  options: { variables?: Record<string, unknown>; token?: string; headers?: Record<string, string> } = {},
): Promise<GraphQLResponse<TData>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: JSON.stringify({ query, variables: options.variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLResponse<TData>['body'] };
}
