/**
 * The process under test, forked by `ingest.bench.ts`. In `broker` mode it runs the bare MQTT
 * broker (device policy, a registry of the bench's things, a no-op `publish` counter and nothing
 * else); in `pipeline` mode the whole local stack (`startLocalStack`, no simulated fleet), with
 * the bench's things provisioned with CreateThing (their registry events flow through ingest). Either way it pushes its counters,
 * memory and event-loop utilisation to the orchestrator every few hundred milliseconds.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { IoTClient } from '@aws-sdk/client-iot';
import { iotRegistryProvisioner } from '@fleet/simulator';
import { startMqttBroker } from '../src/iot-core/mqtt-broker';
import { localAwsClientConfig } from '../src/local-aws-client-config';
import { ephemeralConfig } from '../src/config';
import { startLocalStack } from '../src/start-local-stack';
import { thingAttributes, thingName } from './fleet';
import type { ServerMessage, ServerRequest, ServerStart, ServerTick } from './protocol';

const TICK_MS = 250;
const CARDATA_RULE = 'fleet_cardata';
const REGISTRY_RULE = 'fleet_thing_registry';

const send = (message: ServerMessage) => process.send?.(message);
const log = (message: string) => process.stderr.write(`[server] ${message}\n`);

/** Logs the first few lines of a kind, then counts the rest, so a flood cannot stall the loop. */
function limitedLog(limit: number): (message: string) => void {
  let seen = 0;
  return (message) => {
    seen++;
    if (seen <= limit) log(message);
    else if (seen === limit + 1) log('(further log lines suppressed)');
  };
}

function peakRssMb(): number {
  const status = readFileSync('/proc/self/status', 'utf8');
  const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
  return kb === undefined ? process.memoryUsage().rss / 2 ** 20 : Number(kb) / 1024;
}

interface Counters {
  received: number;
  matched: number;
  accepted: number;
  duplicates: number;
  stale: number;
  failed: number;
}

interface Running {
  counters(): Counters;
  close(): Promise<void>;
}

async function startBroker(start: ServerStart): Promise<Running & { mqttUrl: string }> {
  const things = new Set(Array.from({ length: start.vehicles }, (_, n) => thingName(n)));
  const broker = await startMqttBroker({
    host: '127.0.0.1',
    tcpPort: 0,
    wsPort: 0,
    internal: { username: 'bench-internal', password: randomBytes(18).toString('base64url') },
    isRegisteredThing: (name) => things.has(name),
    onRefused: (refusal) => log(`refused publish from ${refusal.clientId}: ${refusal.reason}`),
    log: limitedLog(20),
  });
  let received = 0;
  broker.aedes.on('publish', (packet) => {
    if (!packet.topic.startsWith('$SYS/')) received++;
  });
  return {
    mqttUrl: broker.tcpUrl,
    counters: () => ({ received, matched: 0, accepted: 0, duplicates: 0, stale: 0, failed: 0 }),
    close: () => broker.close(),
  };
}

async function startPipeline(
  start: ServerStart,
): Promise<Running & { mqttUrl: string; searchUrl: string }> {
  const dataDir = start.dataDir!;
  const stack = await startLocalStack(
    ephemeralConfig(dataDir, { demoPassword: 'Bench-Demo-Pass-1!' }),
    { log: limitedLog(20), batching: start.batching },
  );
  const iot = new IoTClient(localAwsClientConfig(stack.aws.url));
  const provisioner = iotRegistryProvisioner({ client: iot, concurrency: 32 });
  await provisioner.provision(
    Array.from({ length: start.vehicles }, (_, n) => ({
      thingName: thingName(n),
      attributes: thingAttributes(n),
    })),
  );
  // Every registry event is matched once the broker acknowledged it; wait for them to be stored.
  for (;;) {
    const registry = stack.rulesEngine.stats()[REGISTRY_RULE];
    const settled = registry
      ? registry.accepted + registry.duplicates + registry.failed
      : start.vehicles;
    if (settled >= start.vehicles) {
      if (registry && registry.failed > 0)
        throw new Error(`${registry.failed} registrations failed`);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await stack.rulesEngine.drain();
  iot.destroy();
  return {
    mqttUrl: stack.mqttUrl,
    searchUrl: stack.searchUrl,
    counters() {
      const rule = stack.rulesEngine.stats()[CARDATA_RULE];
      if (!rule) throw new Error(`no ${CARDATA_RULE} rule`);
      return { received: rule.matched, ...rule };
    },
    close: () => stack.close(),
  };
}

function main(): void {
  let running: Running | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closing = false;

  const shutdown = async () => {
    if (closing) return;
    closing = true;
    clearInterval(timer);
    // A pipeline left with a large backlog would drain for a long time: cap the wait.
    await Promise.race([
      running?.close().catch((err: unknown) => log(`close failed: ${String(err)}`)),
      new Promise((resolve) => setTimeout(resolve, 15_000).unref()),
    ]);
    send({ type: 'closed', peakRssMb: peakRssMb() });
    // A normal exit, so `--cpu-prof` writes its profile.
    process.exit(0);
  };
  // Ctrl-C reaches the whole process group: let the orchestrator decide when to stop.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => void shutdown());
  process.on('disconnect', () => void shutdown());

  process.on('message', (request: ServerRequest) => {
    if (request.type === 'shutdown') {
      void shutdown();
      return;
    }
    const started = performance.now();
    const boot =
      request.mode === 'broker'
        ? startBroker(request).then((r) => ({ ...r, searchUrl: undefined }))
        : startPipeline(request);
    boot
      .then((r) => {
        running = r;
        let elu = performance.eventLoopUtilization();
        timer = setInterval(() => {
          const next = performance.eventLoopUtilization();
          const c = r.counters();
          const memory = process.memoryUsage();
          const tick: ServerTick = {
            type: 'tick',
            t: Date.now(),
            ...c,
            backlog: c.matched - c.accepted - c.duplicates - c.failed,
            rssMb: memory.rss / 2 ** 20,
            heapUsedMb: memory.heapUsed / 2 ** 20,
            elu: performance.eventLoopUtilization(next, elu).utilization,
          };
          elu = next;
          send(tick);
        }, TICK_MS);
        send({
          type: 'ready',
          mqttUrl: r.mqttUrl,
          searchUrl: r.searchUrl,
          setupMs: performance.now() - started,
        });
      })
      .catch((err: unknown) => {
        log(`start failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        process.exit(1);
      });
  });
}

main();
