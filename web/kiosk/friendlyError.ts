/** A GraphQL error as the gateway sends it. */
export interface GraphQLErrorLike {
  message: string;
  extensions?: { code?: unknown; rule?: unknown; ingredient?: unknown };
}

const ruleTexts: Record<string, string> = {
  CHEESE_REQUIRED: 'A toastie needs cheese',
  AT_LEAST_ONE_INGREDIENT: 'Pick at least one filling',
  AT_MOST_TEN_FILLINGS: 'That is too many fillings: ten at most',
};

/** The ingredient an error is about, from its extensions or else from its message. */
function ingredientOf(error: GraphQLErrorLike): string | undefined {
  const named = error.extensions?.ingredient;
  if (typeof named === 'string' && named !== '') return named;
  return /\b(?:enough|no) ([a-z][\w-]*)/i.exec(error.message)?.[1];
}

/** What the kiosk says for an error, in plain words for a hungry person rather than a developer. */
export function friendlyError(error: GraphQLErrorLike | undefined): string {
  if (!error) return 'Something went wrong at the stall. Please try again.';
  const code = error.extensions?.code;
  const ingredient = ingredientOf(error);
  switch (code) {
    case 'OUT_OF_STOCK':
      return `Sorry, we're out of ${ingredient ?? 'one of those'}`;
    case 'NOT_FOUND':
      return ingredient ? `Sorry, we don't stock ${ingredient}` : 'Sorry, we could not find that';
    case 'BAD_USER_INPUT': {
      const rule = error.extensions?.rule;
      if (typeof rule === 'string' && ruleTexts[rule]) return ruleTexts[rule];
      if (/cheese/i.test(error.message)) return ruleTexts.CHEESE_REQUIRED!;
      return `That order won't work: ${error.message}`;
    }
    case 'CHILLYBIN_UNAVAILABLE':
      return "The chilly bin isn't answering. Please try again in a moment.";
    case 'SUBGRAPH_UNAVAILABLE':
    case 'DATABASE_UNAVAILABLE':
    case 'DEADLINE_EXCEEDED':
    case 'OVERLOADED':
    case 'CONFLICT':
      return 'The stall is busy right now. Press Make again: you will get one toastie, not two.';
    default:
      return 'Something went wrong at the stall. Please try again.';
  }
}
