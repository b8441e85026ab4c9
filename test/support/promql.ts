import { parser } from '@prometheus-io/lezer-promql';

export interface LabelMatcher {
  label: string;
  op: string;
  /** The string as written, unquoted (no escapes are used in our queries). */
  value: string;
}

/** One series selector of a PromQL expression: its metric name and its label matchers. */
export interface Selector {
  metric: string;
  matchers: LabelMatcher[];
}

export interface ParsedQuery {
  selectors: Selector[];
  /** Labels named in `by (…)`, `without (…)`, `on (…)`, `ignoring (…)`. */
  groupingLabels: string[];
  /** Where the grammar found a syntax error, as text around it; empty when it parses. */
  errors: string[];
}

/** Grafana's interval variables, replaced by a duration so that a dashboard's query is plain PromQL. */
const GRAFANA_DURATIONS = /\$(?:__rate_interval|__interval|__range)\b|\$\{(?:__rate_interval|__interval|__range)\}/g;

/**
 * Parses PromQL with Prometheus's own grammar (the one its UI uses), so
 * functions, keywords, label names and durations are told apart from metric
 * names exactly. Grafana's `$__rate_interval` and friends become `1m`;
 * variables inside label values need nothing, they are strings to the grammar.
 */
export function parsePromQL(expr: string): ParsedQuery {
  const text = expr.replace(GRAFANA_DURATIONS, '1m');
  const tree = parser.parse(text);
  const result: ParsedQuery = { selectors: [], groupingLabels: [], errors: [] };
  const cursor = tree.cursor();
  do {
    const node = cursor.node;
    if (node.type.isError) result.errors.push(JSON.stringify(text.slice(Math.max(0, node.from - 20), node.to + 20)));
    if (node.name === 'VectorSelector') {
      const name = node.getChild('Identifier');
      const matchers: LabelMatcher[] = [];
      for (const matcher of node.getChild('LabelMatchers')?.getChildren('UnquotedLabelMatcher') ?? []) {
        const [label, op, value] = ['LabelName', 'MatchOp', 'StringLiteral'].map((part) => {
          const child = matcher.getChild(part);
          return child ? text.slice(child.from, child.to) : '';
        });
        matchers.push({ label: label!, op: op!, value: value!.slice(1, -1) });
      }
      // A selector by {__name__=…} alone has no Identifier: it shows as metric '' and the tests refuse it.
      result.selectors.push({ metric: name ? text.slice(name.from, name.to) : '', matchers });
    }
    if (node.name === 'GroupingLabels') {
      for (const label of node.getChildren('LabelName')) result.groupingLabels.push(text.slice(label.from, label.to));
    }
  } while (cursor.next());
  return result;
}
