import {
  getNamedType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  type GraphQLSchema,
} from 'graphql';

export interface TypeReference {
  /** Where the type is named: a field, argument, input field, union, implementation or root. */
  from: string;
  deprecated: boolean;
}

/** Every place in `schema` that leads clients to the type `typeName`. */
export function typeReferences(schema: GraphQLSchema, typeName: string): TypeReference[] {
  const refs: TypeReference[] = [];
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (root?.name === typeName) refs.push({ from: 'schema root', deprecated: false });
  }
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isUnionType(type) && type.getTypes().some((t) => t.name === typeName)) {
      refs.push({ from: type.name, deprecated: false });
    }
    if ((isObjectType(type) || isInterfaceType(type)) && type.getInterfaces().some((i) => i.name === typeName)) {
      refs.push({ from: type.name, deprecated: false });
    }
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (getNamedType(field.type).name === typeName) {
          refs.push({ from: `${type.name}.${field.name}`, deprecated: field.deprecationReason != null });
        }
        for (const arg of field.args) {
          if (getNamedType(arg.type).name === typeName) {
            refs.push({ from: `${type.name}.${field.name}(${arg.name}:)`, deprecated: arg.deprecationReason != null });
          }
        }
      }
    }
    if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (getNamedType(field.type).name === typeName) {
          refs.push({ from: `${type.name}.${field.name}`, deprecated: field.deprecationReason != null });
        }
      }
    }
  }
  return refs;
}
