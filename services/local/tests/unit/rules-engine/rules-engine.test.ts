import type { IngestBatchHandler, IngestRecord } from '@fleet/ingest';
import {
  INGEST_HANDLER_NAMES,
  IOT_RULES,
  type IngestHandlerName,
  type IotErrorActionRecord,
} from '@fleet/iot-rules';
import type Aedes from 'aedes';
import { createBroker } from 'aedes';
import { type RulesEngine, startRulesEngine } from '../../../src/rules-engine/rules-engine';

let aedes: Aedes;
let engine: RulesEngine;
let batches: { handler: IngestHandlerName; records: readonly IngestRecord[] }[];
let sunk: IotErrorActionRecord[];

beforeEach(() => {
  aedes = createBroker();
  batches = [];
  sunk = [];
  const recording = (handler: IngestHandlerName): IngestBatchHandler => {
    return (records) => {
      batches.push({ handler, records });
      return Promise.resolve({ accepted: records.length, duplicates: 0, stale: 0, failures: [] });
    };
  };
  engine = startRulesEngine({
    aedes,
    rules: IOT_RULES,
    handlers: Object.fromEntries(INGEST_HANDLER_NAMES.map((h) => [h, recording(h)])) as Record<
      IngestHandlerName,
      IngestBatchHandler
    >,
    errorSink: {
      write(records) {
        sunk.push(...records);
        return Promise.resolve();
      },
    },
    batching: { maxBatchSize: 100, maxDelayMs: 10, maxConcurrentFlushes: 1 },
    log: () => undefined,
  });
});

afterEach(async () => {
  await engine.close();
  await new Promise<void>((resolve) => aedes.close(() => resolve()));
});

/** A publish as the broker's own (client-less) message, which the rules see like any other. */
function publish(topic: string, payload: string): Promise<void> {
  return new Promise((resolve, reject) =>
    aedes.publish(
      { cmd: 'publish', topic, payload: Buffer.from(payload), qos: 0, retain: false, dup: false },
      (err?: Error) => (err ? reject(err) : resolve()),
    ),
  );
}

describe('startRulesEngine', () => {
  it('selects a device message when its batch is flushed, with the fields the rule adds', async () => {
    const before = Date.now();
    await publish('dt/cvra/tcu-1/cardata', '{"VIN":"V1","MessageId":"m1"}');
    await engine.drain();
    expect(batches).toHaveLength(1);
    expect(batches[0]!.handler).toBe('telemetry');
    const record = batches[0]!.records[0]!;
    expect(record).toMatchObject({ topic: 'dt/cvra/tcu-1/cardata', payloadBytes: 29 });
    const payload = record.payload as Record<string, unknown>;
    expect(payload).toMatchObject({ VIN: 'V1', MessageId: 'm1', deviceid: 'tcu-1' });
    expect(payload.receivedat).toBeGreaterThanOrEqual(before);
    expect(payload.receivedat).toBeLessThanOrEqual(Date.now());
  });

  it('sends a payload it cannot read to the error sink and calls no handler for it', async () => {
    await publish('dt/cvra/tcu-1/cardata', '{"VIN":');
    await engine.drain();
    expect(batches).toHaveLength(0);
    expect(sunk).toHaveLength(1);
    expect(sunk[0]).toMatchObject({
      ruleName: 'fleet_cardata',
      topic: 'dt/cvra/tcu-1/cardata',
      failures: [{ errorMessage: 'payload is not valid JSON' }],
    });
    expect(engine.stats().fleet_cardata).toMatchObject({ matched: 1, failed: 1, accepted: 0 });
    expect(engine.backlog()).toBe(0);
  });

  it('passes the readable messages of a batch on and sinks only the unreadable one', async () => {
    await publish('dt/cvra/tcu-1/cardata', '{"VIN":"V1","MessageId":"m1"}');
    await publish('dt/cvra/tcu-1/cardata', 'not json');
    await publish('dt/cvra/tcu-1/cardata', '{"VIN":"V1","MessageId":"m2"}');
    await engine.drain();
    const ids = batches.flatMap((b) =>
      b.records.map((r) => (r.payload as { MessageId: string }).MessageId),
    );
    expect(ids).toEqual(['m1', 'm2']);
    expect(sunk.map((r) => r.failures[0]?.errorMessage)).toEqual(['payload is not valid JSON']);
    expect(engine.stats().fleet_cardata).toMatchObject({ matched: 3, accepted: 2, failed: 1 });
  });

  it("sinks a message on a topic no handler reads with the rule's reason, readable or not", async () => {
    await publish('dt/cvra/tcu-1/diagnostics', 'not json');
    await engine.drain();
    expect(batches).toHaveLength(0);
    expect(sunk).toHaveLength(1);
    expect(sunk[0]!.ruleName).toBe('fleet_unknown_device_topic');
    expect(sunk[0]!.failures[0]!.errorMessage).toContain('no handler reads this topic');
    expect(Buffer.from(sunk[0]!.base64OriginalPayload, 'base64').toString()).toBe('not json');
  });
});
