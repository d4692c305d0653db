/**
 * A load generator process, forked by `ingest.bench.ts`: one MQTT 3.1.1 connection per vehicle
 * (client id = its thing name, as the device policy requires), QoS 1 with at most `window`
 * messages in flight per connection. A target rate is spread round-robin over the vehicles by a
 * token bucket refilled every few milliseconds; rate 0 publishes as fast as the windows allow
 * (each PUBACK releases the connection's next message). PUBLISH packets are pre-encoded per
 * vehicle (`mqtt-device-connection.ts`); a publish only patches the packet id, message id and
 * timestamps into a copy.
 */
import { SEQ_DIGITS, cardataTopic, historyIdOf, payloadTemplates, thingName } from './fleet';
import {
  MqttDeviceConnection,
  type PublishTemplate,
  fillPublish,
  publishTemplate,
} from './mqtt-device-connection';
import type { LoadInit, LoadMessage, LoadRequest, LoadRun } from './protocol';

const TICK_MS = 5;
const PROGRESS_MS = 250;
/** Connections opened at once while connecting. */
const CONNECT_CONCURRENCY = 200;
/** Payload variants (positions along a drive) per vehicle. */
const VARIANTS = 4;
/** The token bucket holds at most this much of a second's budget. */
const BURST_SECONDS = 0.05;
const KEEPALIVE_SECONDS = 60;

interface Vehicle {
  readonly n: number;
  readonly templates: readonly PublishTemplate[];
  readonly connection: MqttDeviceConnection;
  seq: number;
  inFlight: number;
}

const send = (message: LoadMessage) => process.send?.(message);

let vehicles: Vehicle[] = [];
let window = 1;
let published = 0;
let acked = 0;
let errors = 0;
/** Ends the running step early, if one is running. */
let endStep: ((step: number) => void) | undefined;

/** `toISOString()` once per millisecond at most. */
let isoAt = 0;
let iso = new Date(0).toISOString();
function nowIso(now: number): string {
  if (now !== isoAt) {
    isoAt = now;
    iso = new Date(now).toISOString();
  }
  return iso;
}

async function connect(init: LoadInit, n: number): Promise<Vehicle> {
  const topic = cardataTopic(n);
  const templates = payloadTemplates(n, VARIANTS).map((p) => publishTemplate(topic, p));
  const connection = await MqttDeviceConnection.open(
    init.mqttUrl,
    thingName(n),
    KEEPALIVE_SECONDS,
    60_000,
  );
  return { n, templates, connection, seq: 0, inFlight: 0 };
}

async function init(request: LoadInit): Promise<void> {
  const started = Date.now();
  window = request.window;
  const ns = Array.from({ length: request.to - request.from }, (_, i) => request.from + i);
  const connected: Vehicle[] = [];
  for (let i = 0; i < ns.length; i += CONNECT_CONCURRENCY) {
    const chunk = ns.slice(i, i + CONNECT_CONCURRENCY);
    connected.push(...(await Promise.all(chunk.map((n) => connect(request, n)))));
  }
  vehicles = connected;
  // Half the keep-alive: the broker drops a client silent for 1.5 × keep-alive.
  setInterval(() => {
    const now = Date.now();
    for (const v of vehicles) v.connection.pingIfIdle(now, (KEEPALIVE_SECONDS * 1000) / 2);
  }, 5_000);
  setInterval(
    () =>
      send({
        type: 'progress',
        t: Date.now(),
        published,
        acked,
        errors,
        inFlight: published - acked - errors,
      }),
    PROGRESS_MS,
  );
  send({ type: 'connected', connections: vehicles.length, ms: Date.now() - started });
}

function run(request: LoadRun): void {
  let running = true;
  const sampleEveryMs = request.samplesPerSecond > 0 ? 1000 / request.samplesPerSecond : 0;
  let nextSampleAt = Date.now() + Math.random() * sampleEveryMs;

  const publish = (v: Vehicle, now: number) => {
    const seq = ++v.seq;
    const packetId = v.connection.packetId();
    const packet = fillPublish(
      v.templates[seq % v.templates.length]!,
      packetId,
      String(seq).padStart(SEQ_DIGITS, '0'),
      nowIso(now),
    );
    v.inFlight++;
    published++;
    if (sampleEveryMs > 0 && now >= nextSampleAt) {
      nextSampleAt = Math.max(nextSampleAt + sampleEveryMs, now);
      send({ type: 'sample', step: request.step, id: historyIdOf(v.n, seq), publishedAt: now });
    }
    v.connection.publish(packet, packetId, (err) => {
      v.inFlight--;
      if (err) errors++;
      else acked++;
      if (running && request.rate === 0) publish(v, Date.now());
    });
  };

  let timer: NodeJS.Timeout | undefined;
  if (request.rate === 0) {
    // Fill every window, a slice of connections per turn so PUBACKs are read in between.
    let next = 0;
    const fill = () => {
      const end = Math.min(vehicles.length, next + 250);
      const now = Date.now();
      for (; next < end && running; next++) {
        const v = vehicles[next]!;
        while (v.inFlight < window) publish(v, now);
      }
      if (next < vehicles.length && running) setImmediate(fill);
    };
    fill();
  } else {
    let tokens = 0;
    let last = Date.now();
    let cursor = 0;
    const burst = Math.max(1, request.rate * BURST_SECONDS);
    timer = setInterval(() => {
      const now = Date.now();
      tokens = Math.min(burst, tokens + (request.rate * (now - last)) / 1000);
      last = now;
      for (let scanned = 0; tokens >= 1 && scanned < vehicles.length; scanned++) {
        const v = vehicles[cursor]!;
        cursor = cursor + 1 === vehicles.length ? 0 : cursor + 1;
        if (v.inFlight >= window) continue;
        publish(v, now);
        tokens--;
      }
    }, TICK_MS);
  }
  const end = () => {
    if (!running) return;
    running = false;
    clearInterval(timer);
    clearTimeout(deadline);
    endStep = undefined;
    send({ type: 'done', step: request.step });
  };
  const deadline = setTimeout(end, request.durationMs);
  endStep = (step) => {
    if (step === request.step) end();
  };
}

async function stop(): Promise<void> {
  await Promise.race([
    Promise.all(vehicles.map((v) => v.connection.close())),
    new Promise((resolve) => setTimeout(resolve, 5_000).unref()),
  ]);
  process.exit(0);
}

process.on('SIGINT', () => undefined);
process.on('disconnect', () => process.exit(0));
process.on('message', (request: LoadRequest) => {
  if (request.type === 'init') {
    init(request).catch((err: unknown) => {
      send({ type: 'fatal', error: err instanceof Error ? err.message : String(err) });
      process.exit(1);
    });
  } else if (request.type === 'run') run(request);
  else if (request.type === 'end') endStep?.(request.step);
  else void stop();
});
