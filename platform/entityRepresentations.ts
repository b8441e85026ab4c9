import {
  Kind,
  coerceInputValue,
  getNamedType,
  isLeafType,
  isUnionType,
  parse,
  type GraphQLFieldResolver,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { ErrorCode, domainError } from './errors.js';

/** One @key of an entity type: its top-level fields, each with its type when that is made of scalars or enums. */
type Key = { name: string; leaf?: GraphQLInputType }[];

const checked = new WeakSet<GraphQLSchema>();

/**
 * Checks each `_entities` representation before federation resolves it: an
 * object whose `__typename` is one of this subgraph's entities and that
 * carries every field of one of its keys, each of the field's type. One that
 * does not is refused with BAD_USER_INPUT naming it. Without the check,
 * @apollo/subgraph throws a plain Error for an unknown type, and a
 * `__resolveReference` reads a key that is not there; both went out as
 * internal faults. Wraps the schema's own resolver, once per schema.
 */
export function checkEntityRepresentations(schema: GraphQLSchema): GraphQLSchema {
  const field = schema.getQueryType()?.getFields()._entities;
  const entity = schema.getType('_Entity');
  if (checked.has(schema) || !field?.resolve || !entity || !isUnionType(entity)) return schema;
  checked.add(schema);
  const keys = new Map(entity.getTypes().map((type) => [type.name, keysOf(type)]));
  const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve;
  field.resolve = (source, args: { representations?: unknown[] }, context, info) => {
    (args.representations ?? []).forEach((representation, index) => {
      const problem = problemWith(representation, keys);
      if (problem) throw domainError(ErrorCode.BAD_USER_INPUT, `representations[${index}] ${problem}`);
    });
    return resolve(source, args, context, info);
  };
  return schema;
}

function problemWith(representation: unknown, keys: Map<string, Key[]>): string | undefined {
  if (typeof representation !== 'object' || representation === null || Array.isArray(representation))
    return 'is not an object';
  const fields = representation as Record<string, unknown>;
  const typename = fields.__typename;
  const typeKeys = typeof typename === 'string' ? keys.get(typename) : undefined;
  if (!typeKeys) return `has a __typename that is not an entity here: ${JSON.stringify(typename) ?? 'none'}`;
  if (typeKeys.some((key) => key.every(({ name, leaf }) => carries(fields[name], leaf)))) return undefined;
  return `carries no complete key of ${String(typename)}`;
}

function carries(value: unknown, leaf: Key[number]['leaf']): boolean {
  if (value === undefined || value === null) return false;
  if (!leaf) return true;
  try {
    coerceInputValue(value, leaf);
    return true;
  } catch {
    return false;
  }
}

/** The keys a type declares with @key(fields: "..."), by their top-level fields. */
function keysOf(type: GraphQLObjectType): Key[] {
  const directives = [type.astNode, ...type.extensionASTNodes].flatMap((node) => node?.directives ?? []);
  return directives
    .filter((directive) => directive.name.value === 'key' || directive.name.value === 'federation__key')
    .map((directive) => {
      const fields = directive.arguments?.find((arg) => arg.name.value === 'fields')?.value;
      return fields?.kind === Kind.STRING ? topLevelFields(type, fields.value) : [];
    });
}

function topLevelFields(type: GraphQLObjectType, fields: string): Key {
  const [operation] = parse(`{ ${fields} }`).definitions;
  if (operation?.kind !== Kind.OPERATION_DEFINITION) return [];
  return operation.selectionSet.selections.flatMap((selection) => {
    if (selection.kind !== Kind.FIELD) return [];
    const name = selection.name.value;
    const fieldType = type.getFields()[name]?.type;
    // Scalars and enums, in lists or not, are input types too: a representation's value is coerced as one.
    const leaf = fieldType && isLeafType(getNamedType(fieldType)) ? (fieldType as GraphQLInputType) : undefined;
    return [{ name, ...(leaf ? { leaf } : {}) }];
  });
}
