import {
  GraphQLError,
  Kind,
  type ASTNode,
  type FragmentDefinitionNode,
  type GraphQLFormattedError,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { ErrorCode } from '../../platform/errors.js';

/** Bounds on what one operation may ask, so that no request costs the graph much more than a real one. */
export interface OperationLimits {
  /** Nesting of fields; `{ stock { name } }` is 2. Introspection (`__schema`, `__type`) is not counted. */
  maxDepth: number;
  /** Aliased fields in the operation, with fragments expanded where they are spread. */
  maxAliases: number;
  /** Lexical tokens in the document; checked by the parser before anything else. */
  maxTokens: number;
}

type Limit = 'depth' | 'aliases' | 'tokens';

function limitError(limit: Limit, max: number, message: string, nodes?: ASTNode): GraphQLError {
  return new GraphQLError(message, { nodes, extensions: { code: ErrorCode.OPERATION_LIMIT_EXCEEDED, limit, max } });
}

const introspectionRoots = new Set(['__schema', '__type']);

interface Size {
  /** Levels of fields below (and including) this selection set. */
  depth: number;
  aliases: number;
}

/**
 * Measures an operation with each fragment measured once and reused where it
 * is spread, so the work stays linear in the document even when fragments
 * spread each other many times over. A fragment that spreads itself (which
 * validation rejects anyway) counts as empty inside itself.
 */
function measure(
  selectionSet: SelectionSetNode,
  fragments: (name: string) => FragmentDefinitionNode | undefined,
): Size {
  const measured = new Map<string, Size>();
  const fragmentSize = (name: string): Size => {
    const known = measured.get(name);
    if (known) return known;
    const fragment = fragments(name);
    measured.set(name, { depth: 0, aliases: 0 });
    const size = fragment ? sizeOf(fragment.selectionSet, false) : { depth: 0, aliases: 0 };
    measured.set(name, size);
    return size;
  };
  const sizeOf = (set: SelectionSetNode, atRoot: boolean): Size => {
    let depth = 0;
    let aliases = 0;
    for (const selection of set.selections) {
      let inner: Size;
      if (selection.kind === Kind.FIELD) {
        if (atRoot && introspectionRoots.has(selection.name.value)) continue;
        const below = selection.selectionSet ? sizeOf(selection.selectionSet, false) : { depth: 0, aliases: 0 };
        inner = { depth: below.depth + 1, aliases: below.aliases + (selection.alias ? 1 : 0) };
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        inner = sizeOf(selection.selectionSet, atRoot);
      } else {
        inner = fragmentSize(selection.name.value);
      }
      depth = Math.max(depth, inner.depth);
      aliases += inner.aliases;
    }
    return { depth, aliases };
  };
  return sizeOf(selectionSet, true);
}

function limitsRule({ maxDepth, maxAliases }: OperationLimits): ValidationRule {
  return (context: ValidationContext) => ({
    OperationDefinition(operation) {
      const { depth, aliases } = measure(operation.selectionSet, (name) => context.getFragment(name) ?? undefined);
      if (depth > maxDepth) {
        context.reportError(
          limitError(
            'depth',
            maxDepth,
            `The operation is nested deeper than the ${maxDepth} levels allowed`,
            operation,
          ),
        );
      } else if (aliases > maxAliases) {
        context.reportError(
          limitError(
            'aliases',
            maxAliases,
            `The operation uses more than the ${maxAliases} aliases allowed`,
            operation,
          ),
        );
      }
    },
  });
}

/** What Apollo Server needs: the parser's token bound and a validation rule for depth and aliases. */
export function operationLimitOptions(limits: OperationLimits) {
  return {
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules: [limitsRule(limits)],
  };
}

// graphql-js words this "more that N tokens" in v16; accept the corrected spelling too.
const tooManyTokens = /Document contains more tha[nt] (\d+) tokens/;

/**
 * Apollo Server reports a failed validation rule as GRAPHQL_VALIDATION_FAILED
 * and the parser's token bound as GRAPHQL_PARSE_FAILED; clients get one
 * stable code for every limit instead, with `limit` and `max` beside it.
 */
export function withLimitCode(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const extensions = formatted.extensions ?? {};
  if (extensions.code === 'GRAPHQL_VALIDATION_FAILED' && typeof extensions.limit === 'string') {
    return { ...formatted, extensions: { ...extensions, code: ErrorCode.OPERATION_LIMIT_EXCEEDED } };
  }
  const tokens = extensions.code === 'GRAPHQL_PARSE_FAILED' ? tooManyTokens.exec(formatted.message) : null;
  if (tokens) {
    const max = Number(tokens[1]);
    return {
      message: `The operation has more than the ${max} tokens allowed`,
      extensions: { code: ErrorCode.OPERATION_LIMIT_EXCEEDED, limit: 'tokens', max },
    };
  }
  return formatted;
}
