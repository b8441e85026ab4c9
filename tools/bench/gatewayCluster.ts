import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';

// Our gateway on every core through node:cluster (workers share the port), for
// `npm run bench -- --gateway-entry tools/bench/gatewayCluster.ts`, to measure
// whether a second worker pays on this machine. The primary only forwards signals.
if (cluster.isPrimary) {
  const workers = Array.from({ length: availableParallelism() }, () => cluster.fork());
  const stop = (signal: NodeJS.Signals) => {
    for (const worker of workers) worker.process.kill(signal);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  let exited = 0;
  cluster.on('exit', () => {
    exited += 1;
    if (exited === workers.length) process.exit(0);
  });
} else {
  await import('../../gateway/src/index.js');
}
