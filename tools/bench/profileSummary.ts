import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { selfTimes, type CpuProfile } from './cpuProfile.js';
import { formatTable } from './report.js';

// `npm run bench:profile -- <file.cpuprofile | dir> [top] [--last <seconds>]`:
// the top self-time functions and packages of a CPU profile, as shares of busy
// (not idle) time. In a directory it takes the largest one: the main thread's
// (tsx's loader thread writes a small profile of its own). `--last 15` counts
// the last 15 seconds only: a bench scenario's rounds, without start-up and warm-up.

const { values, positionals } = parseArgs({ options: { last: { type: 'string' } }, allowPositionals: true });
const [target = 'bench-profile', topArg = '25'] = positionals;
const lastSeconds = values.last === undefined ? undefined : Number(values.last);
if (lastSeconds !== undefined && !(lastSeconds > 0)) throw new Error(`--last takes seconds, not ${values.last}`);
const file = statSync(target).isDirectory()
  ? join(
      target,
      readdirSync(target)
        .filter((name) => name.endsWith('.cpuprofile'))
        .sort((a, b) => statSync(join(target, b)).size - statSync(join(target, a)).size)[0] ?? '',
    )
  : target;
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
const top = Number(topArg);

const rows = (key: 'function' | 'package') =>
  selfTimes(profile, key, { lastSeconds })
    .slice(0, top)
    .map(({ name, ms, share }) => [name, ms.toFixed(0), `${(share * 100).toFixed(1)}%`]);

console.log(`${file}${lastSeconds === undefined ? '' : `, its last ${lastSeconds} s`}\n`);
console.log(formatTable(['self time by package', 'ms', 'share'], rows('package')));
console.log();
console.log(formatTable(['self time by function', 'ms', 'share'], rows('function')));
