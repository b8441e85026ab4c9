/** The parts of a V8 .cpuprofile (as `node --cpu-prof` writes it) that self time needs. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  ms: number;
  share: number;
}

/** Where a script lives, by npm package (or `node:` internals, or our own folders). */
export function packageOf(url: string): string {
  if (url === '') return '(native / gc)';
  if (url.startsWith('node:internal/deps/undici')) return 'node: fetch (built-in undici)';
  if (url.startsWith('node:internal/modules')) return 'node: module loading';
  if (url.startsWith('node:')) return 'node: other internals (http, streams, timers)';
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) return match[1]!;
  const ours = /\/(gateway|platform|subgraphs|tools)\//.exec(url);
  return ours ? `ours: ${ours[1]}` : url;
}

function shortUrl(url: string): string {
  const inModules = url.lastIndexOf('node_modules/');
  if (inModules >= 0) return url.slice(inModules + 'node_modules/'.length);
  return url.replace(/^file:\/\/.*?\/(gateway|platform|subgraphs|tools)\//, '$1/');
}

/** Which samples count: the last `lastSeconds` of the profile only (the measured rounds, after start-up and warm-up). */
export interface SampleWindow {
  lastSeconds?: number;
}

/**
 * Self time (time with the function itself on top of the stack), summed by
 * `key` over the samples in `window`: each sample's time is the delta before
 * the next one. Shares are of busy time: `(idle)` is listed, but not counted in them.
 */
export function selfTimes(profile: CpuProfile, key: 'function' | 'package', window: SampleWindow = {}): SelfTime[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const totals = new Map<string, number>();
  let busy = 0;
  let at = 0;
  const times = profile.timeDeltas.map((delta) => (at += delta));
  const from = window.lastSeconds === undefined ? -Infinity : at - window.lastSeconds * 1e6;
  profile.samples.forEach((id, i) => {
    const micros = profile.timeDeltas[i + 1] ?? 0;
    const frame = byId.get(id);
    if (!frame || (times[i] ?? 0) < from) return;
    const idle = frame.functionName === '(idle)';
    const name = idle
      ? '(idle)'
      : key === 'package'
        ? packageOf(frame.url)
        : `${frame.functionName || '(anonymous)'}  ${frame.url ? `${shortUrl(frame.url)}:${frame.lineNumber + 1}` : ''}`.trim();
    totals.set(name, (totals.get(name) ?? 0) + micros);
    if (!idle) busy += micros;
  });
  return [...totals]
    .map(([name, micros]) => ({ name, ms: micros / 1000, share: busy > 0 && name !== '(idle)' ? micros / busy : 0 }))
    .sort((a, b) => b.ms - a.ms);
}
