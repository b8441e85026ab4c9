import { runHttpLoad } from './httpLoad.js';
import type { Measurement } from './measurement.js';
import { readMemory } from './memory.js';

export interface SoakSample {
  seconds: number;
  rssMiB: number;
}

export interface SoakResult {
  load: Measurement;
  samples: SoakSample[];
  /** RSS growth over the second half of the soak, in MiB: near zero when caches are bounded. */
  secondHalfGrowthMiB: number;
}

/**
 * Every call returns an operation the gateway has not seen: new aliases, a new
 * literal and a new field order, so each one misses every document and plan cache.
 * One in three asks both subgraphs (toasties, then their ingredients' stock), a
 * plan the gateway's shortcut learns and runs itself; the rest ask chillybin alone.
 */
export function distinctOperations(): () => string {
  let n = 0;
  return () => {
    n += 1;
    const fields = n % 2 === 0 ? `n${n}: name quantity` : `quantity n${n}: name description`;
    const query =
      n % 3 === 0
        ? `query Soak${n} { t${n}: toasties(last: ${1 + (n % 5)}) { id ingredients { ${fields} } } }`
        : `query Soak${n} { s${n}: stock { ${fields} } i${n}: ingredient(name: "soak-${n}") { name } }`;
    return JSON.stringify({ query });
  };
}

export function secondHalfGrowth(samples: readonly SoakSample[]): number {
  if (samples.length < 2) return 0;
  const last = samples[samples.length - 1]!;
  const halfway = samples.find((s) => s.seconds >= last.seconds / 2) ?? samples[0]!;
  return last.rssMiB - halfway.rssMiB;
}

/** Distinct operations against our gateway for `seconds`, sampling its RSS every few seconds. */
export async function runSoak({
  url,
  pid,
  connections,
  seconds,
  onSample,
}: {
  url: string;
  pid: number;
  connections: number;
  seconds: number;
  onSample: (sample: SoakSample) => void;
}): Promise<SoakResult> {
  const samples: SoakSample[] = [];
  const began = performance.now();
  const sample = () => {
    const memory = readMemory(pid);
    if (!memory) return;
    const point = { seconds: Math.round((performance.now() - began) / 1000), rssMiB: Math.round(memory.rssMiB) };
    samples.push(point);
    onSample(point);
  };
  sample();
  const timer = setInterval(sample, Math.max(1000, Math.min(10_000, (seconds * 1000) / 30)));
  try {
    const load = await runHttpLoad({ url, body: distinctOperations(), connections, seconds });
    sample();
    return { load, samples, secondHalfGrowthMiB: secondHalfGrowth(samples) };
  } finally {
    clearInterval(timer);
  }
}
