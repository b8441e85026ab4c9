import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { MongoClient } from 'mongodb';
import { readBatchTotals, readsPerRequest } from './batchSizes.js';
import { combineRounds, formatCounts, type Measurement } from './measurement.js';
import { MemorySampler, readCpuSeconds, readMemory } from './memory.js';
import { costTable, growth, growthTable, measureReads, seedTo, type CostRow } from './databaseCost.js';
import { parseOptions, type BenchOptions } from './options.js';
import {
  compare,
  comparisonTable,
  cpuTable,
  memoryTable,
  scenarioTable,
  type Comparison,
  type ScenarioResult,
} from './report.js';
import { COMPARISONS, defineScenarios, PHASES, type Phase, type Scenario } from './scenarios.js';
import { runSoak } from './soak.js';
import { eventually } from '../dev/eventually.js';
import { scrape, total } from '../dev/prometheus.js';
import { checkConservation, isSettled, readUnsettled, waitSettled } from './stockLedger.js';
import { startBenchSystem, type BenchSystem } from './system.js';
import { EXTRA_INGREDIENTS, extraIngredientName, makeToastieRequest, randomFillings } from './traffic.js';
import { inParallel, mustAnswer, post, seedRequest } from './requests.js';
import { addGateUse, gateUseBetween, readWriteGate, writeGateTable, type GateUse } from './writeGate.js';

// `npm run bench`: starts the whole graph as real processes, measures each
// scenario in alternating rounds, prints the tables, writes them as JSON, stops everything.

const log = (line: string) => console.error(line);

/**
 * Stock high enough that no pick in the benchmark runs out, and the toasties
 * the reading scenarios list. restock caps a level at 10,000 (a real chilly
 * bin), which a benchmark eats in seconds, so the levels are raised in the
 * database itself; the toasties are made through the gateway, as a day's
 * trade would be, of varied fillings for varied customers. Returns the fillings on offer.
 */
async function prepare(system: BenchSystem, toasties: number): Promise<string[]> {
  const restocked = await post(system.urls.chillybin, JSON.stringify({ query: 'mutation { restock { name } }' }), {
    ...system.subgraphHeaders,
    authorization: `Bearer ${system.adminToken}`,
  });
  const names = (restocked.data as { restock: { name: string }[] }).restock.map((i) => i.name);
  const mongo = new MongoClient(system.mongodbUri);
  try {
    await mongo
      .db(system.dbNames.chillybin)
      .collection('ingredients')
      .updateMany({}, { $set: { quantity: 1_000_000_000 } });
  } finally {
    await mongo.close();
  }
  const fillings = names.filter((name) => name !== 'bread');
  await inParallel('toasties made', toasties, 8, () =>
    seedRequest(system.urls.gateway, makeToastieRequest(randomFillings(fillings))),
  );
  return fillings;
}

/**
 * The ingredients the one-subgraph scenarios ask about, added through
 * chillybin's own addIngredient, as an admin would: one at a time, since on
 * FerretDB v1 each insert checks the whole collection for the name.
 */
async function addExtraIngredients(system: BenchSystem): Promise<void> {
  await inParallel('extra ingredients', EXTRA_INGREDIENTS, 1, async (call) => {
    await seedRequest(
      system.urls.chillybin,
      JSON.stringify({
        query: 'mutation AddIngredient($input: AddIngredientInput!) { addIngredient(input: $input) { name } }',
        variables: { input: { name: extraIngredientName(call + 1), quantity: 1000 } },
      }),
      { ...system.subgraphHeaders, authorization: `Bearer ${system.adminToken}` },
    );
  });
}

function machine() {
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
}

/** Past this, a scenario is measured warm or not: a slow one (a huge toasties list) must not warm forever. */
const MAX_WARMUP_SECONDS = 60;
/** Once --warmup seconds are done, a scenario short of --warmup-requests gets more load in steps this long. */
const WARMUP_STEP_SECONDS = 2;

/**
 * Unmeasured load until the target has had both `--warmup` seconds and
 * `--warmup-requests` requests (bounded), so every scenario is measured with
 * its code optimised, however fast or slow it runs.
 */
async function warmUp(scenario: Scenario, { connections, warmup, warmupRequests }: BenchOptions): Promise<void> {
  if (warmup <= 0 && warmupRequests <= 0) return;
  let seconds = 0;
  let requests = 0;
  while (seconds < warmup || (requests < warmupRequests && seconds < MAX_WARMUP_SECONDS)) {
    const chunk = seconds < warmup ? warmup - seconds : WARMUP_STEP_SECONDS;
    const measurement = await scenario.run(connections, chunk);
    seconds += chunk;
    requests += measurement.requests;
  }
  log(`warmed up ${scenario.id.padEnd(3)} ${scenario.title.padEnd(38)} ${requests} requests in ${seconds} s`);
}

type Rounds = Map<
  string,
  {
    measurements: Measurement[];
    peaks: Record<string, number>;
    cpu: Record<string, number>;
    cpuRounds: Record<string, number>[];
    gate?: GateUse;
    batchRounds?: string[];
  }
>;

/** How long the system may take to settle after the writing scenarios before the stock check fails. */
const SETTLE_TIMEOUT_MS = 180_000;

/**
 * Warms each scenario up, then runs them in rounds: every compared set back
 * to back, A, B, C, A, B, C. The phases run one after the other (see PHASES):
 * the scenarios that make toasties after all the reading ones, so every
 * toasties list is taken from the same seeded collection instead of one that
 * grows from round to round; those on the extra ingredients last. Stock is
 * checked for conservation over the writing phase.
 */
async function runScenarios(options: BenchOptions, system: BenchSystem, scenarios: Scenario[]) {
  const mongo = new MongoClient(system.mongodbUri);
  await mongo.connect();
  // Once nothing is under way: after an overloaded run, toasties past their deadline are undone by jafflr's settler.
  const ledger = async () =>
    (
      await waitSettled(mongo.db(system.dbNames.chillybin), mongo.db(system.dbNames.jafflr), {
        timeoutMs: SETTLE_TIMEOUT_MS,
      })
    ).ledger;
  /**
   * Before each writing scenario's warm-up and round: until jafflr has no
   * toastie under way or waiting for a turn, and the system is settled. A
   * gateway that keeps a subgraph call going once its client has gone (as the
   * load generator's connections close at the end of a round) leaves orders
   * that would otherwise be made in the next scenario's time, at its cost.
   * Ours gives a mutation's call up, and jafflr drops those still waiting:
   * the log says how many.
   */
  let abandonedBefore = 0;
  const quiet = async (scenario: Scenario) => {
    const started = performance.now();
    const samples = await eventually(
      'jafflr to have no toastie under way or waiting, and the system to be settled',
      async () => {
        const samples = await scrape(system.urls.jafflr);
        if (total(samples, 'jafflr_toasties_running') + total(samples, 'jafflr_toasties_waiting') > 0) return undefined;
        const unsettled = await readUnsettled(mongo.db(system.dbNames.chillybin), mongo.db(system.dbNames.jafflr));
        return isSettled(unsettled) ? samples : undefined;
      },
      { timeoutMs: SETTLE_TIMEOUT_MS },
    );
    const waitedMs = performance.now() - started;
    // Given up in their turn queue because their callers closed their connections (platform/admission.ts).
    const abandoned = total(samples, 'jafflr_toasties_abandoned_total');
    const gaveUp = abandoned - abandonedBefore;
    abandonedBefore = abandoned;
    if (waitedMs >= 1000 || gaveUp > 0) {
      const note = gaveUp > 0 ? ` (jafflr gave up ${gaveUp} waiting toasties whose clients had gone)` : '';
      log(`waited ${(waitedMs / 1000).toFixed(1)} s for the system to settle before ${scenario.id}${note}`);
    }
  };
  try {
    const before = await ledger();
    const sampler = new MemorySampler(system.pids);
    // Gateways whose subgraph batches are counted, read outside the timed part of each round.
    const gatewayUrls: Record<string, string | undefined> = {
      gateway: system.urls.gateway,
      variant: system.urls.variant,
    };
    const rounds: Rounds = new Map();
    // The load generator shares the machine's cores, so its CPU is part of the picture.
    const cpuPids = { ...system.pids, 'bench (load)': process.pid };
    const cpuNow = () =>
      Object.fromEntries(Object.entries(cpuPids).map(([name, pid]) => [name, readCpuSeconds(pid) ?? NaN]));
    let conservation = checkConservation(before, before);
    const beforePhase: Partial<Record<Phase, () => Promise<void>>> = {
      extraIngredients: async () => {
        log(`adding ${EXTRA_INGREDIENTS} ingredients to the chilly bin`);
        await addExtraIngredients(system);
      },
    };
    for (const name of PHASES) {
      const phase = scenarios.filter((s) => s.phase === name);
      if (phase.length === 0) continue;
      await beforePhase[name]?.();
      for (const { probe } of phase) if (probe) await mustAnswer(probe.url, probe.body, probe.headers);
      const writes = name === 'writes';
      for (const scenario of phase) {
        if (writes) await quiet(scenario);
        await warmUp(scenario, options);
      }
      for (let round = 1; round <= options.rounds; round += 1) {
        for (const scenario of phase) {
          if (writes) await quiet(scenario);
          sampler.start();
          const gateBefore = await readWriteGate(mongo);
          const gatewayUrl = gatewayUrls[scenario.server];
          const batchesBefore = gatewayUrl ? await readBatchTotals(gatewayUrl) : undefined;
          const cpuBefore = cpuNow();
          const measurement = await scenario.run(options.connections, options.duration);
          const cpuAfter = cpuNow();
          const batches = gatewayUrl ? readsPerRequest(batchesBefore, await readBatchTotals(gatewayUrl)) : '';
          const gateAfter = await readWriteGate(mongo);
          const peaks = sampler.stop();
          const entry = rounds.get(scenario.id) ?? { measurements: [], peaks: {}, cpu: {}, cpuRounds: [] };
          if (gateBefore && gateAfter) entry.gate = addGateUse(entry.gate, gateUseBetween(gateBefore, gateAfter));
          const cpuRound: Record<string, number> = {};
          for (const name of Object.keys(cpuAfter)) {
            cpuRound[name] = cpuAfter[name]! - cpuBefore[name]!;
            entry.cpu[name] = (entry.cpu[name] ?? 0) + cpuRound[name];
          }
          entry.cpuRounds.push(cpuRound);
          entry.measurements.push(measurement);
          if (batches) (entry.batchRounds ??= []).push(batches);
          for (const [name, mib] of Object.entries(peaks)) entry.peaks[name] = Math.max(entry.peaks[name] ?? 0, mib);
          rounds.set(scenario.id, entry);
          const server = scenario.server in cpuRound ? cpuRound[scenario.server]! : NaN;
          const duplicates = measurement.sent
            ? ((100 * (measurement.duplicates ?? 0)) / measurement.sent).toFixed(1)
            : '-';
          log(
            `round ${round}/${options.rounds}  ${scenario.id.padEnd(3)} ${scenario.title.padEnd(48)} ${measurement.rps.toFixed(0).padStart(6)} req/s  ` +
              `p99 ${measurement.p99Ms.toFixed(1)} ms  ${scenario.server} ${((server * 1000) / measurement.requests).toFixed(3)} CPU ms/req  ` +
              `in flight twice ${duplicates}%` +
              (batches ? `  reads per subgraph request: ${batches}` : '') +
              (measurement.graphqlErrors > 0 ? `  GraphQL errors: ${formatCounts(measurement.errorCodes)}` : ''),
          );
        }
      }
      if (name === 'writes') conservation = checkConservation(before, await ledger());
    }
    const results: ScenarioResult[] = scenarios.map(({ id, title, server, traffic }) => {
      const { measurements, peaks, cpu, cpuRounds, gate, batchRounds } = rounds.get(id)!;
      const result = combineRounds(measurements);
      return {
        id,
        title,
        server,
        traffic,
        result,
        rounds: measurements,
        peakRssMiB: peaks,
        cpuSeconds: cpu,
        cpuRounds,
        writeGate: gate,
        ...(batchRounds ? { batchRounds } : {}),
      };
    });
    return { results, conservation };
  } finally {
    await mongo.close();
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const cpuProfDir = options.cpuProf ? resolve(options.cpuProf) : undefined;
  if (cpuProfDir) mkdirSync(cpuProfDir, { recursive: true });
  const wanted = (id: string) => !options.only || options.only.includes(id);
  const soaking = options.soak > 0;
  const sizing = !soaking && options.sizes !== undefined;

  const withHive = !soaking && !sizing && (!options.only || options.only.some((id) => /[hr]$/.test(id)));
  log('starting devdb, chillybin, jafflr, our gateway' + (withHive ? ' and Hive Gateway (JS and Rust planners)' : ''));
  const system = await startBenchSystem({
    cpuProfDir,
    gatewayEntry: options.gatewayEntry,
    variantEntry: options.variantEntry,
    variantNodeArgs: options.variantNodeArgs,
    withHive,
  });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    log('stopping everything');
    await system.stop();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => void stop().then(() => process.exit(1)));

  try {
    // The soak's two-subgraph operations list toasties too.
    log(sizing ? 'preparing stock' : `preparing stock and ${options.toasties} toasties`);
    const fillings = await prepare(system, sizing ? 0 : options.toasties);
    const report: Record<string, unknown> = { generatedAt: new Date().toISOString(), machine: machine(), options };

    if (sizing) {
      const rows: CostRow[] = [];
      let made = { toasties: 0, orders: 0 };
      for (const size of [...options.sizes!].sort((a, b) => a - b)) {
        log(`seeding ${size} toasties and ${size} orders through the API`);
        made = await seedTo(system, made, size);
        rows.push(...(await measureReads(system, size, options, log)));
      }
      const growths = growth(rows);
      report.databaseCost = { rows, growths };
      console.log(
        `\ndatabase cost per read against collection size (${options.connections} connections, ` +
          `${options.duration} s × ${options.rounds} rounds, alternating; figures are each size's median round)\n`,
      );
      console.log(costTable(rows));
      console.log(`\n${growthTable(growths)}`);
    } else if (soaking) {
      log(`soak: distinct operations to our gateway for ${options.soak} s`);
      const soak = await runSoak({
        url: system.urls.gateway,
        pid: system.pids.gateway!,
        connections: options.connections,
        seconds: options.soak,
        onSample: ({ seconds, rssMiB }) => log(`  ${String(seconds).padStart(5)} s  gateway RSS ${rssMiB} MiB`),
      });
      report.soak = soak;
      console.log(
        `soak: ${soak.load.requests} distinct operations, ${soak.load.rps.toFixed(0)} req/s, ` +
          `errors ${soak.load.errors}, non-2xx ${soak.load.non2xx}, gql errors ${soak.load.graphqlErrors}\n` +
          `gateway RSS ${soak.samples[0]?.rssMiB} MiB at start, ${Math.max(...soak.samples.map((s) => s.rssMiB))} MiB at most, ` +
          `${soak.samples.at(-1)?.rssMiB} MiB at the end; ${soak.secondHalfGrowthMiB} MiB growth over the second half`,
      );
    } else {
      const scenarios = defineScenarios(system, fillings).filter((s) => wanted(s.id));
      const { results, conservation } = await runScenarios(options, system, scenarios);
      const comparisons = COMPARISONS.map((spec) => compare(spec, results)).filter((c): c is Comparison => !!c);
      const processPeaks = Object.fromEntries(
        Object.entries(system.pids).map(([name, pid]) => [name, readMemory(pid)?.peakMiB ?? NaN]),
      );
      Object.assign(report, { results, comparisons, conservation, processPeakRssMiB: processPeaks });

      console.log(
        `\n${options.connections} connections, ${options.duration} s per scenario, ${options.rounds} round(s), alternating; ` +
          `warmed up ≥ ${options.warmup} s and ≥ ${options.warmupRequests} requests each; toasties listed from ${options.toasties}\n`,
      );
      console.log(scenarioTable(results));
      const failing = results.filter((r) => r.result.graphqlErrors > 0);
      if (failing.length > 0)
        console.log(
          `\nGraphQL errors by code:\n${failing.map((r) => `${r.id}: ${formatCounts(r.result.errorCodes)}`).join('\n')}`,
        );
      if (comparisons.length > 0) console.log(`\n${comparisonTable(comparisons)}`);
      console.log(
        `\nstock conservation over ${conservation.toastiesMade} toasties: ` +
          (conservation.ok
            ? 'stock taken equals what the toasties hold'
            : `MISMATCH ${JSON.stringify(conservation.mismatches)}`),
      );
      console.log(`\n${cpuTable(results)}`);
      const gate = writeGateTable(results);
      if (gate) console.log(`\ndevdb's write gate (one write at a time), in the scenarios that wrote:\n${gate}`);
      console.log(`\n${memoryTable(processPeaks)}`);
      if (!conservation.ok) process.exitCode = 1;
    }
    writeFileSync(options.out, JSON.stringify(report, null, 2) + '\n');
    log(`wrote ${options.out}`);
  } finally {
    await stop();
  }
  if (cpuProfDir)
    log(`CPU profiles in ${cpuProfDir}/<service> (summarise one: npm run bench:profile -- ${cpuProfDir}/gateway)`);
}

// Exits explicitly: a failed autocannon run can leave sockets that would keep the process alive.
main().then(
  () => process.exit(),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
