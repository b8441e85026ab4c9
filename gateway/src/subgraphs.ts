import { Kind, parse, type ConstValueNode } from 'graphql';

export interface Subgraph {
  name: string;
  /** Its instances: the configured URLs, else the supergraph's routing URL. */
  urls: string[];
}

function stringArg(value: ConstValueNode | undefined): string {
  return value?.kind === Kind.STRING ? value.value : '';
}

/**
 * The subgraphs a supergraph routes to, read from its `join__Graph` enum, with
 * any configured URL overrides applied.
 */
export function subgraphsOf(supergraphSdl: string, overrides: Record<string, string[]>): Subgraph[] {
  const document = parse(supergraphSdl);
  const graphs = document.definitions.find(
    (d) => d.kind === Kind.ENUM_TYPE_DEFINITION && d.name.value === 'join__Graph',
  );
  if (graphs?.kind !== Kind.ENUM_TYPE_DEFINITION) throw new Error('the supergraph has no join__Graph enum');
  return (graphs.values ?? []).map((value) => {
    const directive = value.directives?.find((d) => d.name.value === 'join__graph');
    const arg = (name: string) => stringArg(directive?.arguments?.find((a) => a.name.value === name)?.value);
    const name = arg('name');
    return { name, urls: overrides[name] ?? [arg('url')] };
  });
}
