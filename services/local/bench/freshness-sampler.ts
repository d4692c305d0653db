/**
 * The freshness sampler process, forked by `ingest.bench.ts`. It is told about a few sampled
 * messages per second (their `cardata` `_id` and publish time) and, every `pollMs`, asks the
 * search engine about every sample that is due, all at once: one realtime `_mget` for those not
 * yet stored and one `_search` (an `ids` query, no `_source`) for those not yet searchable. A
 * message's time is the moment the answer that first contained it arrived, so each figure is an
 * upper bound. A sample is due every `pollMs` while young and every 2% of its age once older, so
 * the error stays within max(pollMs, 2%) plus one round trip, and an overloaded pipeline (where
 * samples wait for seconds) is not asked about hundreds of them 40 times a second. At most two
 * small requests per poll keep the measurement from loading the pipeline it measures.
 */
import type { FreshnessResult, FreshnessSample, SamplerMessage, SamplerRequest } from './protocol';

/** A sample not found by then is reported as never searchable. */
const GIVE_UP_MS = 60_000;
/** Once a sample is older than pollMs / this, it is asked about every (this × its age). */
const RELATIVE_RESOLUTION = 0.02;

interface Pending {
  readonly sample: FreshnessSample;
  storedAt?: number;
  /** When it is next asked about. */
  dueAt: number;
}

const send = (message: SamplerMessage) => process.send?.(message);
const pending = new Map<string, Pending>();
let searchUrl = '';
let pollMs = 25;
let stopped = false;

async function post(path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(searchUrl + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as Record<string, unknown>;
  if (response.status >= 300) {
    throw new Error(`${path} → ${response.status} ${JSON.stringify(json).slice(0, 300)}`);
  }
  return json;
}

function settle(id: string, entry: Pending, searchableAt: number | undefined): void {
  pending.delete(id);
  const result: FreshnessResult = {
    type: 'result',
    step: entry.sample.step,
    id,
    publishedAt: entry.sample.publishedAt,
    storedAt: entry.storedAt ?? searchableAt,
    searchableAt,
  };
  send(result);
}

async function poll(): Promise<void> {
  const started = Date.now();
  const all: string[] = [];
  for (const [id, entry] of pending) {
    if (entry.dueAt > started) continue;
    all.push(id);
    const age = started - entry.sample.publishedAt;
    entry.dueAt = started + Math.max(pollMs, age * RELATIVE_RESOLUTION);
  }
  if (all.length === 0) return;
  const unstored = all.filter((id) => pending.get(id)!.storedAt === undefined);
  const [stored, searchable] = await Promise.all([
    unstored.length === 0
      ? undefined
      : post('/cardata/_mget?_source=false', { ids: unstored }).then((body) => ({
          at: Date.now(),
          ids: (body.docs as { _id: string; found?: boolean }[])
            .filter((d) => d.found)
            .map((d) => d._id),
        })),
    post('/cardata/_search', {
      size: all.length,
      _source: false,
      track_total_hits: false,
      query: { ids: { values: all } },
    }).then((body) => ({
      at: Date.now(),
      ids: ((body.hits as { hits: { _id: string }[] }).hits ?? []).map((h) => h._id),
    })),
  ]);
  for (const id of stored?.ids ?? []) {
    const entry = pending.get(id);
    if (entry && entry.storedAt === undefined) entry.storedAt = stored!.at;
  }
  for (const id of searchable.ids) {
    const entry = pending.get(id);
    if (entry) settle(id, entry, searchable.at);
  }
  const now = Date.now();
  for (const [id, entry] of pending) {
    if (now - entry.sample.publishedAt > GIVE_UP_MS) settle(id, entry, undefined);
  }
}

let polls = 0;
async function loop(): Promise<void> {
  while (!stopped) {
    const started = Date.now();
    try {
      await poll();
      polls++;
    } catch (err) {
      process.stderr.write(`[sampler] poll failed: ${String(err)}\n`);
    }
    const wait = pollMs - (Date.now() - started);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

process.on('SIGINT', () => undefined);
process.on('disconnect', () => process.exit(0));
process.on('message', (request: SamplerRequest) => {
  if (request.type === 'init') {
    searchUrl = request.searchUrl;
    pollMs = request.pollMs;
    setInterval(() => send({ type: 'stats', polls, pending: pending.size }), 1000);
    void loop();
  } else if (request.type === 'sample') {
    pending.set(request.id, { sample: request, dueAt: 0 });
  } else {
    stopped = true;
    process.exit(0);
  }
});
