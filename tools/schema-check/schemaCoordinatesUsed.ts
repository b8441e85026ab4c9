import {
  getNamedType,
  isInputObjectType,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';

/** The kinds of the gateway's usage report, so both sources of usage speak one language. */
export type UsageKind = 'FIELD' | 'ARGUMENT' | 'ENUM_VALUE' | 'INPUT_FIELD';

export interface CoordinateUse {
  /** A GraphQL schema coordinate: `Type.field`, `Type.field(arg:)`, `Enum.VALUE`, `Input.field`. */
  coordinate: string;
  kind: UsageKind;
  /** Set when the schema marks the element `@deprecated`. */
  deprecationReason?: string;
}

/**
 * Every schema element an operation document names, read against `schema`.
 * Elements the schema does not know are skipped (validation reports them).
 * Enum values and input fields passed in variables cannot be seen here; the
 * gateway's usage report covers those.
 */
export function schemaCoordinatesUsed(schema: GraphQLSchema, document: DocumentNode): CoordinateUse[] {
  const uses = new Map<string, CoordinateUse>();
  const add = (coordinate: string, kind: UsageKind, deprecationReason: string | null | undefined) => {
    if (!uses.has(coordinate)) {
      uses.set(coordinate, deprecationReason == null ? { coordinate, kind } : { coordinate, kind, deprecationReason });
    }
  };
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const parent = typeInfo.getParentType();
        const field = typeInfo.getFieldDef();
        if (parent && field && !field.name.startsWith('__')) {
          add(`${parent.name}.${field.name}`, 'FIELD', field.deprecationReason);
        }
      },
      Argument() {
        const parent = typeInfo.getParentType();
        const field = typeInfo.getFieldDef();
        const arg = typeInfo.getArgument();
        if (parent && field && arg && typeInfo.getDirective() === null) {
          add(`${parent.name}.${field.name}(${arg.name}:)`, 'ARGUMENT', arg.deprecationReason);
        }
      },
      ObjectField(node) {
        const input = getNamedType(typeInfo.getParentInputType());
        if (isInputObjectType(input)) {
          const field = input.getFields()[node.name.value];
          if (field) add(`${input.name}.${field.name}`, 'INPUT_FIELD', field.deprecationReason);
        }
      },
      EnumValue() {
        const enumType = getNamedType(typeInfo.getInputType());
        const value = typeInfo.getEnumValue();
        if (enumType && value) add(`${enumType.name}.${value.name}`, 'ENUM_VALUE', value.deprecationReason);
      },
    }),
  );
  return [...uses.values()];
}
