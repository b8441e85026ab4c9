import {
  Kind,
  TypeInfo,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInputType,
  isListType,
  isNonNullType,
  typeFromAST,
  visit,
  visitWithTypeInfo,
  type DefinitionNode,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';

export type UsageKind = 'FIELD' | 'ARGUMENT' | 'ENUM_VALUE' | 'INPUT_FIELD';

/** One deprecated schema element, named by its schema coordinate (`Type.field`, `Type.field(arg:)`, ...). */
export interface DeprecatedUse {
  coordinate: string;
  kind: UsageKind;
}

/** A variable whose value can carry deprecated enum values or input fields, so it is looked at per request. */
interface VariableToCheck {
  name: string;
  type: GraphQLInputType;
}

/**
 * What an operation uses that is deprecated, worked out once per distinct
 * operation: the elements written in the document, plus the variables whose
 * values must be looked at on each request (they differ between requests).
 */
export interface UsagePlan {
  inDocument: DeprecatedUse[];
  variables: VariableToCheck[];
}

const key = (use: DeprecatedUse) => `${use.kind} ${use.coordinate}`;

/** The operation and every fragment it spreads, transitively: what actually runs. */
function definitionsUsedBy(document: DocumentNode, operation: OperationDefinitionNode): DefinitionNode[] {
  const fragments = new Map(
    document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])),
  );
  const used: DefinitionNode[] = [operation];
  const seen = new Set<string>();
  for (let i = 0; i < used.length; i++) {
    visit(used[i]!, {
      FragmentSpread(node) {
        const fragment = fragments.get(node.name.value);
        if (fragment && !seen.has(node.name.value)) {
          seen.add(node.name.value);
          used.push(fragment);
        }
      },
    });
  }
  return used;
}

/** Whether a value of this type can hold a deprecated enum value or input field. */
function canCarryDeprecation(type: GraphQLInputType, visiting = new Set<GraphQLNamedType>()): boolean {
  const named = getNamedType(type);
  if (visiting.has(named)) return false;
  visiting.add(named);
  if (isEnumType(named)) return named.getValues().some((v) => v.deprecationReason != null);
  if (isInputObjectType(named)) {
    return Object.values(named.getFields()).some(
      (f) => f.deprecationReason != null || canCarryDeprecation(f.type, visiting),
    );
  }
  return false;
}

export function planUsage(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): UsagePlan {
  const found = new Map<string, DeprecatedUse>();
  const add = (coordinate: string, kind: UsageKind) => found.set(key({ coordinate, kind }), { coordinate, kind });
  const typeInfo = new TypeInfo(schema);

  const visitor = visitWithTypeInfo(typeInfo, {
    Field() {
      const field = typeInfo.getFieldDef();
      const parent = typeInfo.getParentType();
      if (field?.deprecationReason != null && parent) add(`${parent.name}.${field.name}`, 'FIELD');
    },
    Argument(node) {
      const arg = typeInfo.getArgument();
      if (arg?.deprecationReason == null) return;
      const directive = typeInfo.getDirective();
      if (directive) return add(`@${directive.name}(${node.name.value}:)`, 'ARGUMENT');
      const field = typeInfo.getFieldDef();
      const parent = typeInfo.getParentType();
      if (field && parent) add(`${parent.name}.${field.name}(${arg.name}:)`, 'ARGUMENT');
    },
    EnumValue(node) {
      const type = typeInfo.getInputType();
      const enumType = type && getNamedType(type);
      if (!isEnumType(enumType)) return;
      const value = enumType.getValue(node.value);
      if (value?.deprecationReason != null) add(`${enumType.name}.${value.name}`, 'ENUM_VALUE');
    },
    ObjectField(node) {
      const parent = typeInfo.getParentInputType();
      const inputType = parent && getNamedType(parent);
      if (!isInputObjectType(inputType)) return;
      const field = inputType.getFields()[node.name.value];
      if (field?.deprecationReason != null) add(`${inputType.name}.${field.name}`, 'INPUT_FIELD');
    },
  });
  for (const definition of definitionsUsedBy(document, operation)) visit(definition, visitor);

  const variables = (operation.variableDefinitions ?? []).flatMap((definition) => {
    const type = typeFromAST(schema, definition.type);
    return isInputType(type) && canCarryDeprecation(type) ? [{ name: definition.variable.name.value, type }] : [];
  });
  return { inDocument: [...found.values()], variables };
}

/** Deprecated enum values and input fields inside one variable value, walked against its type. */
function collectFromValue(type: GraphQLInputType, value: unknown, add: (use: DeprecatedUse) => void): void {
  if (value === null || value === undefined) return;
  if (isNonNullType(type)) return collectFromValue(type.ofType, value, add);
  if (isListType(type)) {
    // A single value where a list is expected is coerced to a list of one.
    for (const item of Array.isArray(value) ? value : [value]) collectFromValue(type.ofType, item, add);
    return;
  }
  if (isEnumType(type)) {
    const enumValue = typeof value === 'string' ? type.getValue(value) : undefined;
    if (enumValue?.deprecationReason != null) add({ coordinate: `${type.name}.${enumValue.name}`, kind: 'ENUM_VALUE' });
    return;
  }
  if (isInputObjectType(type) && typeof value === 'object') {
    const fields = type.getFields();
    for (const [name, fieldValue] of Object.entries(value as Record<string, unknown>)) {
      const field = fields[name];
      if (!field) continue;
      if (field.deprecationReason != null) add({ coordinate: `${type.name}.${field.name}`, kind: 'INPUT_FIELD' });
      collectFromValue(field.type, fieldValue, add);
    }
  }
}

/** Every deprecated element one request used: the plan's document part plus what its variables hold. Each once. */
export function usesOf(plan: UsagePlan, variables: Record<string, unknown> | undefined): DeprecatedUse[] {
  if (plan.variables.length === 0 || !variables) return plan.inDocument;
  const found = new Map(plan.inDocument.map((use) => [key(use), use]));
  for (const { name, type } of plan.variables) {
    collectFromValue(type, variables[name], (use) => found.set(key(use), use));
  }
  return [...found.values()];
}
