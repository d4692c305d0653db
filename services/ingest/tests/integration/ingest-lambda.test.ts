import type { IotErrorActionRecord } from '@fleet/iot-rules';
import directEvent from '../events/cardata-direct.json';
import sqsEvent from '../events/cardata-sqs.json';
import { DEFAULT_ANOMALY_THRESHOLDS } from '@fleet/fleet-config';
import { ingestTelemetry } from '../../src';
import { createIngestLambda } from '../../src/lambda/ingest-lambda';
import { createS3ErrorSink } from '../../src/lambda/s3-error-sink';
import { startFakeS3 } from '../support/fake-s3';
import { type TestSearch, startTestSearch } from '../support/search';

let search: TestSearch;
let s3: Awaited<ReturnType<typeof startFakeS3>>;
const log = { info: jest.fn(), error: jest.fn() };

beforeEach(async () => {
  search = await startTestSearch();
  s3 = await startFakeS3();
});
afterEach(async () => {
  await s3.close();
  await search.close();
});

function telemetryLambda() {
  return createIngestLambda({
    name: 'telemetry',
    handler: (records) =>
      ingestTelemetry(records, {
        search: search.client,
        anomalyThresholds: () => Promise.resolve(DEFAULT_ANOMALY_THRESHOLDS),
        now: () => Date.parse('2026-11-30T08:16:00Z'),
      }),
    errorSink: createS3ErrorSink(s3.client, 'fleet-iot-errors'),
    log,
  });
}

describe('the telemetry Lambda', () => {
  it('ingests a direct IoT invocation (a batch of one)', async () => {
    const response = await telemetryLambda()(directEvent);
    expect(response).toEqual({ accepted: 1, rejected: 0, duplicates: 0 });
    expect((await search.documents('latest_telemetry')).get('1HGCM82633A004352')).toMatchObject({
      messageid: 'tcu-0001-000118',
    });
  });

  it('ingests an SQS batch, sends rejects to the error bucket and reports no retry for them', async () => {
    const response = await telemetryLambda()(sqsEvent);
    expect(response).toEqual({ accepted: 1, rejected: 2, duplicates: 0, batchItemFailures: [] });

    const stored = [...s3.objects.entries()];
    expect(stored).toHaveLength(2);
    for (const [key] of stored) expect(key).toMatch(/^fleet-iot-errors\/ingest\/fleet_cardata\//);
    const records = stored.map(([, body]) => JSON.parse(body) as IotErrorActionRecord);
    expect(records.map((r) => r.failures[0]?.errorMessage).sort()).toEqual([
      'cardata payload must be a JSON object',
      'invalid cardata: vin is required',
    ]);
    const missingVin = records.find((r) => r.failures[0]?.errorMessage.includes('vin'))!;
    expect(missingVin.topic).toBe('dt/cvra/tcu-0001/cardata');
    expect(
      JSON.parse(Buffer.from(missingVin.base64OriginalPayload, 'base64').toString()),
    ).toMatchObject({
      MessageId: 'tcu-0001-000120',
    });
  });

  it('asks SQS to retry the rejects when the error bucket cannot take them', async () => {
    s3.setFailing(true);
    const response = await telemetryLambda()(sqsEvent);
    expect(response.batchItemFailures).toEqual([
      { itemIdentifier: 'b9a3d7f0-0002' },
      { itemIdentifier: 'b9a3d7f0-0003' },
    ]);
  });

  it('retries the whole invocation when the search domain is unreachable', async () => {
    await search.close();
    const unreachable = createIngestLambda({
      name: 'telemetry',
      handler: (records) =>
        ingestTelemetry(records, {
          search: search.client,
          anomalyThresholds: () => Promise.resolve(DEFAULT_ANOMALY_THRESHOLDS),
        }),
      errorSink: createS3ErrorSink(s3.client, 'fleet-iot-errors'),
      log,
    });
    await expect(unreachable(directEvent)).rejects.toThrow();
    const batch = await unreachable(sqsEvent);
    expect(batch.batchItemFailures).toHaveLength(3);
    search = await startTestSearch();
  });

  it('hands retryable failures back to SQS, and fails a direct invocation so Lambda retries', async () => {
    // A handler that found the store busy for one record: the shape every core reports.
    const busy = createIngestLambda({
      name: 'telemetry',
      handler: (records) =>
        Promise.resolve({
          accepted: records.length - 1,
          duplicates: 0,
          stale: 0,
          failures: [{ record: records[0]!, reason: 'cardata not stored: 429', retryable: true }],
        }),
      errorSink: createS3ErrorSink(s3.client, 'fleet-iot-errors'),
      log,
    });
    const batch = await busy(sqsEvent);
    expect(batch).toMatchObject({
      rejected: 0,
      batchItemFailures: [{ itemIdentifier: 'b9a3d7f0-0001' }],
    });
    expect(s3.objects.size).toBe(0);
    await expect(busy(directEvent)).rejects.toThrow('retryable ingest failure');
  });
});
