import type { LatestTelemetryDocument } from '@fleet/index-mappings';
import mqtt from 'mqtt';
import { type Harness, startHarness, waitFor } from '../support/local-stack-harness';

const VIN = '1HGCM82633A004352';
const attributes = {
  vin: VIN,
  make: 'Honda',
  model: 'Accord',
  year: '2019',
  colour: 'blue',
  softwareVersion: '1.0.0',
};

function cardata(seconds: number, overrides: Record<string, unknown> = {}) {
  return JSON.stringify({
    MessageId: `m-${seconds}`,
    SendTimeStamp: new Date(Date.now() - 60_000 + seconds * 1000).toISOString(),
    VIN,
    GeoLocation: { Latitude: 52.52, Longitude: 13.405, Speed: 40 },
    ...overrides,
  });
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.provision('tcu-1', attributes);
  await h.provision('tcu-2', { ...attributes, vin: 'WVWZZZ1JZXW000001' });
  await waitFor(async () => (await h.count('devices')) === 2, 'both devices registered');
});
afterAll(() => h.close());

async function latest(): Promise<LatestTelemetryDocument | undefined> {
  await h.search.indices.refresh({ index: 'latest_telemetry' });
  const { body } = await h.search.get({ index: 'latest_telemetry', id: VIN }, { ignore: [404] });
  return (body as { _source?: LatestTelemetryDocument })._source;
}

describe('local IoT Core', () => {
  it('refuses a client id that is not a registered thing', async () => {
    await expect(
      mqtt.connectAsync(h.stack.mqttUrl, {
        clientId: 'stranger',
        reconnectPeriod: 0,
        protocolVersion: 4,
      }),
    ).rejects.toThrow(/Not authorized/i);
    expect(h.logs.some((l) => l.includes('"stranger" is not a registered thing'))).toBe(true);
  });

  it('routes a device message through the rule to the index, joined with registry data', async () => {
    const device = await h.device('tcu-1');
    await device.publishAsync('dt/cvra/tcu-1/cardata', cardata(1), { qos: 1 });
    const doc = await waitFor(latest, 'latest telemetry');
    expect(doc).toMatchObject({ deviceid: 'tcu-1', make: 'Honda', year: 2019 });
    expect(typeof doc.receivedat).toBe('number');
  });

  it('accepts MQTT over WebSocket', async () => {
    const device = await h.device('tcu-1', { ws: true });
    await device.publishAsync('dt/cvra/tcu-1/cardata', cardata(2), { qos: 1 });
    const doc = await waitFor(async () => {
      const current = await latest();
      return current?.messageid === 'm-2' && current;
    }, 'the WebSocket message');
    expect(doc.deviceid).toBe('tcu-1');
  });

  it("disconnects a device that publishes on another device's topic and ingests nothing", async () => {
    const device = await h.device('tcu-2');
    const closed = new Promise<void>((resolve) => device.once('close', () => resolve()));
    device.publish('dt/cvra/tcu-1/cardata', cardata(3, { MessageId: 'spoof' }), { qos: 1 });
    await closed;
    await h.stack.rulesEngine.drain();
    expect((await latest())?.messageid).not.toBe('spoof');
    expect(h.logs.some((l) => l.includes('tcu-2 may not publish on dt/cvra/tcu-1/cardata'))).toBe(
      true,
    );
  });

  it('lets a device subscribe only to its own thing topics', async () => {
    const device = await h.device('tcu-1');
    const own = await device.subscribeAsync('$aws/things/tcu-1/jobs/notify-next', { qos: 1 });
    expect(own[0]?.qos).toBe(1);
    // Refused with SUBACK 128, as IoT Core does; the connection stays up.
    await expect(
      device.subscribeAsync('$aws/things/tcu-2/jobs/notify-next', { qos: 1 }),
    ).rejects.toThrow(/Subscribe error/);
    await expect(device.subscribeAsync('dt/cvra/#', { qos: 1 })).rejects.toThrow(/Subscribe error/);
    expect(device.connected).toBe(true);
  });

  it('sends bad input to the error sink with a reason while valid messages around it land', async () => {
    const device = await h.device('tcu-1');
    const publish = (topic: string, payload: string | Buffer) =>
      device.publishAsync(topic, payload, { qos: 1 });
    await publish('dt/cvra/tcu-1/cardata', '{"MessageId": "broken",');
    await publish('dt/cvra/tcu-1/cardata', cardata(10, { MessageId: 'wrong-type', Fuel: 'full' }));
    await publish(
      'dt/cvra/tcu-1/cardata',
      cardata(11, { MessageId: 'other-vin', VIN: 'WVWZZZ1JZXW000001' }),
    );
    const unroutable = cardata(12);
    await publish('dt/cvra/tcu-1/diagnostics', unroutable);
    await publish('dt/cvra/tcu-1/cardata', cardata(13, { MessageId: 'good' }));
    await publish('dt/cvra/tcu-1/cardata', cardata(13, { MessageId: 'good' }));
    await h.stack.rulesEngine.drain();

    // The sink also holds earlier tests' records, so wait for each of these, not for a count.
    const expectedReasons = [
      'payload is not valid JSON',
      'fuel expected a number',
      `vin WVWZZZ1JZXW000001 does not match vin ${VIN} registered for device tcu-1`,
      'no handler reads this topic',
    ];
    const reasons = await waitFor(() => {
      const records = h.errorRecords();
      const all = expectedReasons.every((text) =>
        records.some((r) => r.failures[0]?.errorMessage.includes(text)),
      );
      return all && records;
    }, 'the four error records');
    const byReason = (text: string) =>
      reasons.find((r) => r.failures[0]?.errorMessage.includes(text));
    expect(byReason('payload is not valid JSON')).toMatchObject({
      ruleName: 'fleet_cardata',
      topic: 'dt/cvra/tcu-1/cardata',
      clientId: 'tcu-1',
    });
    expect(byReason('fuel expected a number')).toBeDefined();
    expect(
      byReason(`vin WVWZZZ1JZXW000001 does not match vin ${VIN} registered for device tcu-1`),
    ).toBeDefined();
    const unknown = byReason('no handler reads this topic')!;
    expect(unknown.ruleName).toBe('fleet_unknown_device_topic');
    expect(Buffer.from(unknown.base64OriginalPayload, 'base64').toString()).toBe(unroutable);

    await waitFor(async () => (await latest())?.messageid === 'good', 'the valid message');
    await h.search.indices.refresh({ index: 'cardata' });
    const { body } = await h.search.count({
      index: 'cardata',
      body: { query: { term: { messageid: 'good' } } },
    });
    expect(body.count).toBe(1);
  });

  it('refuses a payload over 128 KB, records it, and keeps serving the device after it reconnects', async () => {
    const device = await h.device('tcu-1');
    const closed = new Promise<void>((resolve) => device.once('close', () => resolve()));
    device.publish('dt/cvra/tcu-1/event', Buffer.alloc(128 * 1024 + 1, 'x'), { qos: 1 });
    await closed;
    const refused = await waitFor(
      () =>
        h
          .errorRecords()
          .find((r) => r.ruleName === 'broker' && r.failures[0]?.errorMessage.includes('bytes')),
      'the oversized payload in the error sink',
    );
    expect(refused.failures[0]?.errorMessage).toBe(
      'payload of 131073 bytes is over the 131072-byte limit',
    );

    const again = await h.device('tcu-1');
    await again.publishAsync('dt/cvra/tcu-1/cardata', cardata(20, { MessageId: 'after' }), {
      qos: 1,
    });
    await waitFor(
      async () => (await latest())?.messageid === 'after',
      'the message after reconnecting',
    );
  });
});
