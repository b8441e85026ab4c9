const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const COMMA = 0x2c;

/**
 * The text of each item of a JSON array, cut from the array's text without
 * parsing it: a subgraph's answer to a batch is one array of GraphQL
 * responses, and each caller parses its own, as it would have parsed an
 * answer of its own. Undefined when the text is not an array whose brackets
 * and strings balance; an item is not checked further (its caller's parse does
 * that). Whitespace between items is kept off them.
 */
export function jsonArrayItems(text: string): string[] | undefined {
  let i = skipSpace(text, 0);
  if (text.charCodeAt(i) !== OPEN_BRACKET) return undefined;
  i++;
  const items: string[] = [];
  let depth = 0;
  let start = i;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = closingQuote(text, i);
      if (i < 0) return undefined;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++;
    } else if (c === CLOSE_BRACE || (c === CLOSE_BRACKET && depth > 0)) {
      depth--;
      if (depth < 0) return undefined;
    } else if (depth === 0 && (c === COMMA || c === CLOSE_BRACKET)) {
      const item = text.slice(start, i).trim();
      if (item === '') {
        // `[]` is an empty array; an empty item anywhere else (`[,1]`, `[1,]`) is not JSON.
        if (c === CLOSE_BRACKET && items.length === 0) return skipSpace(text, i + 1) === text.length ? [] : undefined;
        return undefined;
      }
      items.push(item);
      if (c === CLOSE_BRACKET) return skipSpace(text, i + 1) === text.length ? items : undefined;
      start = i + 1;
    }
  }
  return undefined;
}

/** Where the string opened at `open` closes, or -1 when it does not. */
function closingQuote(text: string, open: number): number {
  let at = text.indexOf('"', open + 1);
  while (at > 0) {
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return at;
    at = text.indexOf('"', at + 1);
  }
  return -1;
}

function skipSpace(text: string, from: number): number {
  let i = from;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
  }
  return i;
}
