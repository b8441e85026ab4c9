import { readFileSync } from 'node:fs';

export const committedSupergraph = readFileSync(new URL('../../supergraph.graphql', import.meta.url), 'utf8');

export interface Deprecation {
  /** How the element's line starts, trimmed: `status:`, `BURNT`, `toasties(`. */
  line: string;
  /** For an argument: its definition, after which the directive goes (`limit: Int! = 20`). Else the directive ends the line. */
  argument?: string;
}

/**
 * The committed supergraph with the given elements marked @deprecated, for
 * tests of how deprecation is tracked and shown. An element the graph already
 * deprecates is left as it is, so these tests keep working as the graph evolves.
 */
export function supergraphWithDeprecations(deprecations: Deprecation[], sdl = committedSupergraph): string {
  const lines = sdl.split('\n');
  for (const { line: start, argument } of deprecations) {
    const first = lines.findIndex((l) => l.trimStart().startsWith(start));
    if (first < 0) throw new Error(`the supergraph has no line starting with ${start}`);
    // A field whose arguments run over several lines ends on the line that closes them.
    const closing = lines.findIndex((l, i) => i > first && /^\s*\)/.test(l));
    const index = !argument && lines[first]!.trimEnd().endsWith('(') ? closing : first;
    const line = lines[index]!;
    const directive = ' @deprecated(reason: "Deprecated for this test")';
    if (argument) {
      if (!line.includes(argument)) throw new Error(`${start} has no argument ${argument}`);
      if (!line.includes(`${argument} @deprecated`)) lines[index] = line.replace(argument, argument + directive);
    } else if (!line.includes('@deprecated')) {
      lines[index] = line + directive;
    }
  }
  return lines.join('\n');
}
