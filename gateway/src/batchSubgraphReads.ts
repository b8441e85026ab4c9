import { Histogram, type Registry } from 'prom-client';
import { sampledTraceId } from '../../platform/tracing.js';
import { jsonArrayItems } from './jsonArrayItems.js';
import { sharedHeadersKey } from './mergeSubgraphFetches.js';
import type { SendToSubgraph, SubgraphAnswer, SubgraphCall } from './subgraphCall.js';

/** Registered once per gateway: how many reads each HTTP request to a subgraph carried, a read alone included. */
export function subgraphBatchHistogram(registry: Registry) {
  return new Histogram({
    name: 'gateway_subgraph_batch_size',
    help: 'Reads carried by one HTTP request to a subgraph (SUBGRAPH_BATCH_MAX), by subgraph; a read sent alone counts as 1',
    labelNames: ['subgraph'],
    buckets: [1, 2, 4, 8, 16, 32, 64],
    registers: [registry],
  });
}

export interface BatchOptions {
  /** The most reads one HTTP request carries. */
  maxBatch: number;
  /** The longest body a batch may have (the services' MAX_BODY_BYTES): a read that would make it longer starts another. */
  maxBytes: number;
  /** How long batches are not sent after a subgraph refused one (an instance without batching, mid-rollout). */
  refusedRestMs?: number;
  /** Told the size of each batch sent, one read alone included. */
  onBatch?: (size: number) => void;
  /** Told when the subgraph refused a batch (a 4xx), and reads go alone for `refusedRestMs`. */
  onRefused?: (status: number, restMs: number) => void;
  /** The sampled trace a read belongs to (platform/tracing.ts): reads of different traces go apart. */
  traceOf?: () => string | undefined;
}

interface Waiting {
  call: SubgraphCall;
  resolve: (answer: SubgraphAnswer) => void;
  reject: (err: unknown) => void;
}

/** The reads of one batch, and the length its body will have. */
interface Batch {
  reads: Waiting[];
  bytes: number;
}

/**
 * Reads to one subgraph that are asked for in the same turn of the event loop
 * (while Node handles the connections that are ready at once) go in one HTTP
 * request, as a batch: a JSON array of operations, each with its own
 * variables, which Apollo Server runs side by side (`allowBatchedHttpRequests`)
 * and answers with an array of responses in the same order. Under load, a
 * gateway's requests arrive together and their fetches follow each other, so
 * each HTTP exchange to a subgraph (its writes, its parse, its wake-ups on both
 * sides) serves several client requests; alone, a read goes out as it is.
 *
 * Only reads are batched, and only with others whose headers are the same but
 * for the request id (the batch carries the first one's, as a merged read
 * does): the same caller's authorization. When tracing runs, a read in a
 * sampled trace goes only with reads of that trace, so that each trace holds
 * its own subgraph calls; reads sampled out batch freely. A batch is
 * sent at the end of the turn it was started in (`setImmediate`), so no read
 * waits for traffic that has not come yet. A batch whose answer is not a
 * 2xx array of as many responses as it had reads is sent again read by read
 * (reads are harmless twice), so that each read gets its own status; when the
 * subgraph refused it outright (a 4xx that is not an array, as an instance
 * without batching answers), none is sent to it for a while.
 * A batch that failed to connect or timed out fails every read in it, as each
 * would have alone.
 */
export function batchSubgraphReads(
  send: SendToSubgraph,
  { maxBatch, maxBytes, refusedRestMs = 30_000, onBatch, onRefused, traceOf = sampledTraceId }: BatchOptions,
): SendToSubgraph {
  const open = new Map<string, Batch>();
  let refusedAt = -Infinity;

  const sendAlone = ({ call, resolve, reject }: Waiting) => {
    onBatch?.(1);
    send(call).then(resolve, reject);
  };

  const sendBatch = (batch: Waiting[]) => {
    onBatch?.(batch.length);
    let body = '[';
    for (let k = 0; k < batch.length; k++) body += (k === 0 ? '' : ',') + batch[k]!.call.body;
    body += ']';
    send({ body, headers: batch[0]!.call.headers, readsOnly: true }).then(
      (answer) => {
        const items = jsonArrayItems(answer.body);
        if (answer.status >= 200 && answer.status <= 299 && items?.length === batch.length) {
          for (let k = 0; k < batch.length; k++) batch[k]!.resolve({ ...answer, body: items[k]! });
          return;
        }
        // Apollo Server gives a batch one status: a read it answers with a 400 (a document the subgraph's schema
        // does not have yet, mid-rollout) makes the whole answer a 400, still an array. Only a 4xx that is not an
        // array is an instance refusing batches.
        if (answer.status >= 400 && answer.status <= 499 && !items) {
          refusedAt = performance.now();
          onRefused?.(answer.status, refusedRestMs);
        }
        for (const waiting of batch) sendAlone(waiting);
      },
      (err: unknown) => {
        for (const waiting of batch) waiting.reject(err);
      },
    );
  };

  /** Sends the batch under `key` if it is still open, alone when it holds one read. */
  const sendOpen = (key: string, batch: Batch) => {
    if (open.get(key) !== batch) return;
    open.delete(key);
    if (batch.reads.length === 1) sendAlone(batch.reads[0]!);
    else sendBatch(batch.reads);
  };

  const start = (key: string, waiting: Waiting) => {
    const batch = { reads: [waiting], bytes: Buffer.byteLength(waiting.call.body) + 2 };
    open.set(key, batch);
    // One timer per batch, so that it is sent in the async context of its first read (its trace, if any).
    setImmediate(sendOpen, key, batch);
  };

  return (call) => {
    if (!call.readsOnly) return send(call);
    if (maxBatch < 2 || performance.now() - refusedAt < refusedRestMs) {
      onBatch?.(1);
      return send(call);
    }
    return new Promise<SubgraphAnswer>((resolve, reject) => {
      const trace = traceOf();
      const key = trace === undefined ? sharedHeadersKey(call.headers) : `${trace}\n${sharedHeadersKey(call.headers)}`;
      const waiting = { call, resolve, reject };
      const batch = open.get(key);
      if (!batch) return start(key, waiting);
      const bytes = Buffer.byteLength(call.body) + 1;
      if (batch.bytes + bytes > maxBytes) {
        sendOpen(key, batch);
        return start(key, waiting);
      }
      batch.reads.push(waiting);
      batch.bytes += bytes;
      if (batch.reads.length >= maxBatch) sendOpen(key, batch);
    });
  };
}
