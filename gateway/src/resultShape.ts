import {
  getNullableType,
  isEnumType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isSpecifiedScalarType,
  Kind,
  type DirectiveNode,
  type GraphQLLeafType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';

/** Whether a field is in the answer: @include and @skip, each by a literal or a variable. */
interface Condition {
  include: boolean;
  /** The literal `if:`, or the variable that holds it. */
  when: boolean | string;
}

interface FieldShape {
  key: string;
  conditions: Condition[];
  /** For `__typename`: the type's name (no abstract type gets here). */
  typename?: string;
  value?: ValueShape;
}

type ValueShape =
  | { nonNull: boolean; kind: 'leaf'; valid: (value: unknown) => boolean }
  | { nonNull: boolean; kind: 'list'; of: ValueShape }
  | { nonNull: boolean; kind: 'object'; typename: string; fields: FieldShape[] };

/** The client's selection, compiled once per document, for answers whose shape is known before they come. */
export interface ResultShape {
  fields: FieldShape[];
}

/** What an object of a subgraph's answer gained from an entity fetch, if anything. */
export type JoinedOf = (input: object) => Record<string, unknown> | undefined;

/** Not shaped here: the shape found something only Apollo's executor decides (a null where none may be, a bad value). */
export const UNSHAPED = Symbol('unshaped');

const INTEGER = /^-?(?:0|[1-9][0-9]*)$/;

/**
 * The client's selection as a shape to cut subgraph answers to, when it is
 * made of fields alone (aliases, @include and @skip allowed) over object
 * types: no fragments, no abstract type, no introspection but `__typename`,
 * no response key twice. Anything else is left to Apollo's executor.
 */
export function resultShapeOf(schema: GraphQLSchema, root: GraphQLObjectType, selection: SelectionSetNode) {
  const fields = fieldsOf(schema, root, selection);
  return fields && { fields };
}

function fieldsOf(schema: GraphQLSchema, parent: GraphQLObjectType, selection: SelectionSetNode) {
  const fields: FieldShape[] = [];
  const keys = new Set<string>();
  for (const node of selection.selections) {
    if (node.kind !== Kind.FIELD) return undefined;
    const key = node.alias?.value ?? node.name.value;
    const conditions = conditionsOf(node.directives ?? []);
    if (keys.has(key) || !conditions) return undefined;
    keys.add(key);
    if (node.name.value === '__typename') {
      fields.push({ key, conditions, typename: parent.name });
      continue;
    }
    const definition = node.name.value.startsWith('__') ? undefined : parent.getFields()[node.name.value];
    const value = definition && valueOf(schema, definition.type, node.selectionSet);
    if (!value) return undefined;
    fields.push({ key, conditions, value });
  }
  return fields;
}

function valueOf(
  schema: GraphQLSchema,
  type: GraphQLOutputType,
  selection: SelectionSetNode | undefined,
): ValueShape | undefined {
  const nonNull = isNonNullType(type);
  const inner = getNullableType(type);
  if (isListType(inner)) {
    const of = valueOf(schema, inner.ofType, selection);
    return of && { nonNull, kind: 'list', of };
  }
  if (isObjectType(inner)) {
    const fields = selection && fieldsOf(schema, inner, selection);
    return fields && { nonNull, kind: 'object', typename: inner.name, fields };
  }
  if (selection || !isLeafType(inner)) return undefined;
  return { nonNull, kind: 'leaf', valid: leafCheck(inner) };
}

function conditionsOf(directives: readonly DirectiveNode[]): Condition[] | undefined {
  const conditions: Condition[] = [];
  for (const directive of directives) {
    const name = directive.name.value;
    const argument = directive.arguments?.length === 1 ? directive.arguments[0] : undefined;
    if ((name !== 'include' && name !== 'skip') || argument?.name.value !== 'if') return undefined;
    const value = argument.value;
    const when =
      value.kind === Kind.BOOLEAN ? value.value : value.kind === Kind.VARIABLE ? value.name.value : undefined;
    if (when === undefined) return undefined;
    conditions.push({ include: name === 'include', when });
  }
  return conditions;
}

/**
 * The answer to the client's selection, cut from the subgraphs' data as
 * Apollo's result shaping (`computeResponse`) cuts it, where it would have
 * nothing to report: fields in the client's order under the client's keys,
 * what the planner added for keys left out. `joined` gives what an entity
 * fetch answered for an object (it wins over the object's own field, as
 * Apollo's merge lets it). Anything its shaping would turn into an error
 * (null where the schema forbids it, a missing field, an invalid value)
 * gives UNSHAPED, for Apollo's executor to answer.
 */
export function shapeResult(
  shape: ResultShape,
  data: Record<string, unknown>,
  variables: Record<string, unknown>,
  joined: JoinedOf,
): Record<string, unknown> | typeof UNSHAPED {
  return shapeObject(shape.fields, undefined, data, variables, joined);
}

function shapeObject(
  fields: FieldShape[],
  typename: string | undefined,
  input: Record<string, unknown>,
  variables: Record<string, unknown>,
  joined: JoinedOf,
): Record<string, unknown> | typeof UNSHAPED {
  if (typename !== undefined && input.__typename !== undefined && input.__typename !== typename) return UNSHAPED;
  const extra = joined(input);
  const output: Record<string, unknown> = {};
  for (const field of fields) {
    const included = isIncluded(field.conditions, variables);
    if (included === undefined) return UNSHAPED;
    if (!included) continue;
    if (field.typename !== undefined) {
      output[field.key] = field.typename;
      continue;
    }
    const own = Object.hasOwn(input, field.key) ? input[field.key] : undefined;
    const gained = extra && Object.hasOwn(extra, field.key) ? extra[field.key] : undefined;
    // Apollo merges an object from both deeply; not here.
    if (own !== undefined && gained !== undefined && (isObject(own) || isObject(gained))) return UNSHAPED;
    const value = gained !== undefined ? gained : own;
    if (value === undefined) return UNSHAPED;
    const shaped = shapeValue(field.value!, value, variables, joined);
    if (shaped === UNSHAPED) return UNSHAPED;
    output[field.key] = shaped;
  }
  return output;
}

function shapeValue(shape: ValueShape, value: unknown, variables: Record<string, unknown>, joined: JoinedOf): unknown {
  if (value === null) return shape.nonNull ? UNSHAPED : null;
  switch (shape.kind) {
    case 'list': {
      if (!Array.isArray(value)) return UNSHAPED;
      const items = new Array<unknown>(value.length);
      for (let i = 0; i < value.length; i++) {
        const item = shapeValue(shape.of, value[i], variables, joined);
        if (item === UNSHAPED) return UNSHAPED;
        items[i] = item;
      }
      return items;
    }
    case 'object':
      return isRecord(value) ? shapeObject(shape.fields, shape.typename, value, variables, joined) : UNSHAPED;
    case 'leaf':
      return shape.valid(value) ? value : UNSHAPED;
  }
}

/** @include and @skip as Apollo's shaping reads them; undefined where it would fail (an `if:` that is not a boolean). */
function isIncluded(conditions: Condition[], variables: Record<string, unknown>): boolean | undefined {
  for (const { include, when } of conditions) {
    const value = typeof when === 'boolean' ? when : variables[when];
    if (typeof value !== 'boolean') return undefined;
    if (value !== include) return false;
  }
  return true;
}

/** Whether a value is a leaf of the type as Apollo's shaping accepts it (federation-internals' `isValidLeafValue`). */
function leafCheck(type: GraphQLLeafType): (value: unknown) => boolean {
  if (isEnumType(type)) {
    const values = new Set(type.getValues().map(({ name }) => name));
    return (value) => typeof value === 'string' && values.has(value);
  }
  if (!isSpecifiedScalarType(type)) return () => true;
  const finite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
  switch (type.name) {
    case 'Boolean':
      return (value) => typeof value === 'boolean';
    case 'Int':
      return (value) => finite(value) && INTEGER.test(String(value));
    case 'ID':
      return (value) => typeof value === 'string' || (finite(value) && INTEGER.test(String(value)));
    case 'Float':
      return finite;
    default:
      return (value) => typeof value === 'string';
  }
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

/** An object that is not an array: a JSON object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return isObject(value) && !Array.isArray(value);
}
