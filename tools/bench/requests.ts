// The plain requests the benchmark makes outside its timed load: probes and seeding.

const log = (line: string) => console.error(line);

export async function post(
  url: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ data?: unknown; errors?: unknown[] }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}: ${await response.text()}`);
  return (await response.json()) as { data?: unknown; errors?: unknown[] };
}

export async function mustAnswer(url: string, body: string, headers: Record<string, string> = {}): Promise<void> {
  const result = await post(url, body, headers);
  if (result.errors?.length || !result.data) throw new Error(`${url} failed ${body}: ${JSON.stringify(result.errors)}`);
}

const SEED_ATTEMPTS = 5;

/**
 * mustAnswer, tried again after a failure: seeding is not measured, and on a
 * machine shared with other work a subgraph call can time out now and then.
 */
export async function seedRequest(url: string, body: string, headers: Record<string, string> = {}): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await mustAnswer(url, body, headers);
    } catch (err) {
      if (attempt >= SEED_ATTEMPTS) throw err;
    }
  }
}

/** Runs `task` `count` times, `concurrency` at a time, logging progress every few seconds. */
export async function inParallel(
  label: string,
  count: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let done = 0;
  const began = performance.now();
  const timer = setInterval(
    () => log(`  ${label}: ${done} of ${count}, ${((done * 1000) / (performance.now() - began)).toFixed(0)}/s`),
    3000,
  );
  try {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < count) {
          const i = next++;
          await task(i);
          done += 1;
        }
      }),
    );
  } finally {
    clearInterval(timer);
  }
}
