import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { selfTimes, type CpuProfile } from './cpuProfile.js';
import { formatTable } from './report.js';

// `npm run bench:profile -- <file.cpuprofile | dir> [top]`: the top self-time
// functions and packages of a CPU profile. In a directory it takes the largest
// one: the main thread's (tsx's loader thread writes a small profile of its own).

const [target = 'bench-profile', topArg = '25'] = process.argv.slice(2);
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
  selfTimes(profile, key)
    .slice(0, top)
    .map(({ name, ms, share }) => [name, ms.toFixed(0), `${(share * 100).toFixed(1)}%`]);

console.log(`${file}\n`);
console.log(formatTable(['self time by package', 'ms', 'share'], rows('package')));
console.log();
console.log(formatTable(['self time by function', 'ms', 'share'], rows('function')));
