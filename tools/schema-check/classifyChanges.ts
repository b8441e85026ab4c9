import { ChangeType, CriticalityLevel, diff, type Change } from '@graphql-inspector/core';
import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, type GraphQLSchema } from 'graphql';
import { typeReferences } from './typeReferences.js';

export type Verdict = 'breaking' | 'dangerous' | 'safe';

export interface SchemaChange {
  verdict: Verdict;
  /** graphql-inspector's change type, such as FIELD_REMOVED. */
  type: string;
  /** The schema coordinate changed, such as `Query.stock` or `Mutation.pick(quantity:)`. */
  coordinate: string;
  message: string;
  /** Why the verdict differs from the library's, or who still uses a removed element. */
  note?: string;
  usedBy?: string[];
}

/** Who uses each schema coordinate: operation files, and clients from the gateway's usage report. */
export type KnownUses = Map<string, string[]>;

const verdictOf: Record<CriticalityLevel, Verdict> = {
  [CriticalityLevel.Breaking]: 'breaking',
  [CriticalityLevel.Dangerous]: 'dangerous',
  [CriticalityLevel.NonBreaking]: 'safe',
};

function fieldOf(schema: GraphQLSchema, typeName: string, fieldName: string) {
  const type = schema.getType(typeName);
  return isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)
    ? type.getFields()[fieldName]
    : undefined;
}

/** The element a removal takes away, and whether the base schema had it deprecated. */
function removedElement(change: Change, base: GraphQLSchema): { coordinate: string; deprecated: boolean } | undefined {
  const m = change.meta as Record<string, string>;
  switch (change.type) {
    case ChangeType.FieldRemoved:
      return {
        coordinate: `${m.typeName}.${m.removedFieldName}`,
        deprecated: fieldOf(base, m.typeName!, m.removedFieldName!)?.deprecationReason != null,
      };
    case ChangeType.InputFieldRemoved:
      return {
        coordinate: `${m.inputName}.${m.removedFieldName}`,
        deprecated: fieldOf(base, m.inputName!, m.removedFieldName!)?.deprecationReason != null,
      };
    case ChangeType.FieldArgumentRemoved: {
      const field = fieldOf(base, m.typeName!, m.fieldName!);
      const arg = field && 'args' in field ? field.args.find((a) => a.name === m.removedFieldArgumentName) : undefined;
      return {
        coordinate: `${m.typeName}.${m.fieldName}(${m.removedFieldArgumentName}:)`,
        deprecated: arg?.deprecationReason != null,
      };
    }
    case ChangeType.EnumValueRemoved: {
      const type = base.getType(m.enumName!);
      const value = isEnumType(type) ? type.getValue(m.removedEnumValueName!) : undefined;
      return { coordinate: `${m.enumName}.${m.removedEnumValueName}`, deprecated: value?.deprecationReason != null };
    }
    case ChangeType.TypeRemoved: {
      // A type can't be deprecated itself; it counts as retired when everything that led to it was.
      const refs = typeReferences(base, m.removedTypeName!);
      return { coordinate: m.removedTypeName!, deprecated: refs.length > 0 && refs.every((r) => r.deprecated) };
    }
    default:
      return undefined;
  }
}

/** inspector's path as a schema coordinate: `Query.stock.shelf` → `Query.stock(shelf:)`, directives dropped. */
function coordinateOf(change: Change): string {
  const path = (change.path ?? '').split('.@')[0]!;
  if (!String(change.type).startsWith('FIELD_ARGUMENT_')) return path;
  const [type, field, arg] = path.split('.');
  return arg ? `${type}.${field}(${arg}:)` : path;
}

function usesOf(coordinate: string, type: string, uses: KnownUses): string[] {
  if (type !== ChangeType.TypeRemoved) return uses.get(coordinate) ?? [];
  const users = [...uses].filter(([c]) => c.startsWith(`${coordinate}.`)).flatMap(([, who]) => who);
  return [...new Set(users)];
}

// Clients cannot see directive usages through introspection; deprecation, the one that
// matters to them, has change types of its own. Reporting both would say everything twice.
const isDirectiveUsage = (change: Change) => String(change.type).startsWith('DIRECTIVE_USAGE_');

/**
 * Every difference between two API schemas with a verdict. graphql-inspector
 * judges each change; the one exception made here is the end of a deprecation:
 * removing an element the base already marked `@deprecated` is safe when no
 * known operation or client uses it, and breaking (naming the users) when one does.
 */
export async function classifyChanges(
  base: GraphQLSchema,
  next: GraphQLSchema,
  uses: KnownUses,
): Promise<SchemaChange[]> {
  const changes = (await diff(base, next)).filter((c) => !isDirectiveUsage(c));
  return changes.map((change) => {
    const verdict = verdictOf[change.criticality.level];
    const removed = verdict === 'breaking' ? removedElement(change, base) : undefined;
    const coordinate = removed?.coordinate ?? coordinateOf(change);
    const result: SchemaChange = { verdict, type: String(change.type), coordinate, message: change.message };
    if (!removed?.deprecated) return result;

    const usedBy = usesOf(removed.coordinate, String(change.type), uses);
    if (usedBy.length > 0) {
      return { ...result, note: `deprecated, but still used by ${usedBy.join(', ')}`, usedBy };
    }
    return { ...result, verdict: 'safe', note: 'was deprecated and no known operation or client uses it' };
  });
}
