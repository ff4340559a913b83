/** The application's refusals; resolvers/errors.ts turns them into GraphQL errors with stable codes. */
export class GenerationInputError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

export class GenerationLimitError extends Error {}

export class GenerationNotFoundError extends Error {
  constructor(readonly id: string) {
    super(`WorkflowGeneration ${id} not found`);
  }
}

export class GenerationStateError extends Error {}
