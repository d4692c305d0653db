import type { EventDocument, TripDocument } from '@fleet/index-mappings';
import { type IngestRecord, ingestEvent, ingestTrip } from '../../src';
import { DEVICE, VIN, at } from '../support/device-records';
import { type TestSearch, startTestSearch } from '../support/search';

let search: TestSearch;
beforeEach(async () => {
  search = await startTestSearch();
});
afterEach(() => search.close());

function tripRecord(seconds: number, distance: number | string, tripId = 'trip-7'): IngestRecord {
  return {
    topic: `dt/cvra/${DEVICE}/trip`,
    payload: {
      MessageId: `trip-msg-${seconds}`,
      SendTimeStamp: at(seconds),
      VIN,
      TripId: tripId,
      TripSummary: {
        StartTime: at(0),
        Distance: distance,
        Duration: seconds,
        Fuel: 1.2,
        SpeedProfile: { '0-30': 100 },
        StartLocation: { Latitude: 48.8, Longitude: 2.3 },
        EndLocation: { Latitude: 48.9, Longitude: 2.2 },
      },
      deviceid: DEVICE,
    },
  };
}

describe('ingestTrip', () => {
  it('upserts one document per trip and ignores an older summary', async () => {
    expect(await ingestTrip([tripRecord(600, '12.5')], { search: search.client })).toMatchObject({
      accepted: 1,
    });
    const older = await ingestTrip([tripRecord(300, 6)], { search: search.client });
    expect(older).toMatchObject({ accepted: 0, stale: 1, failures: [] });
    const again = await ingestTrip([tripRecord(600, '12.5')], { search: search.client });
    expect(again.failures).toEqual([]);

    const trips = await search.documents<TripDocument>('trip');
    expect(trips.size).toBe(1);
    expect(trips.get('trip-7')?.tripsummary).toMatchObject({
      distance: 12.5,
      duration: 600,
      startlocation: { location: { lat: 48.8, lon: 2.3 } },
      endlocation: { location: { lat: 48.9, lon: 2.2 } },
      speedprofile: { '0-30': 100 },
    });
  });

  it('rejects a summary without a trip id and stores the others', async () => {
    const bad = tripRecord(10, 1);
    delete (bad.payload as Record<string, unknown>).TripId;
    const result = await ingestTrip([bad, tripRecord(20, 2, 'trip-8')], { search: search.client });
    expect(result.failures.map((f) => f.reason)).toEqual(['invalid trip: tripid is required']);
    expect([...(await search.documents('trip')).keys()]).toEqual(['trip-8']);
  });
});

function eventRecord(id: string, alert: unknown): IngestRecord {
  return {
    topic: `dt/cvra/${DEVICE}/event`,
    payload: { MessageId: id, SendTimeStamp: at(5), VIN, Alert: alert, deviceid: DEVICE },
  };
}

describe('ingestEvent', () => {
  it('stores alerts whole, with their type and position, once per message', async () => {
    const alert = {
      Type: 'TyrePressure',
      Tyre: 'RearLeft',
      GeoLocation: { Latitude: 1, Longitude: 2 },
    };
    const result = await ingestEvent(
      [eventRecord('e-1', alert), eventRecord('e-1', alert), eventRecord('e-2', { Door: 'open' })],
      { search: search.client },
    );
    expect(result).toMatchObject({ accepted: 2, duplicates: 1 });
    expect(await ingestEvent([eventRecord('e-1', alert)], { search: search.client })).toMatchObject(
      {
        duplicates: 1,
      },
    );
    const events = await search.documents<EventDocument>('event');
    expect(events.get(`${DEVICE}|e-1`)).toMatchObject({
      eventtype: 'TyrePressure',
      alert: { type: 'TyrePressure', tyre: 'RearLeft' },
      geolocation: { location: { lat: 1, lon: 2 } },
    });
    expect(events.get(`${DEVICE}|e-2`)?.eventtype).toBeUndefined();
  });

  it('rejects an event whose alert is not an object', async () => {
    const result = await ingestEvent([eventRecord('e-3', 'door open')], { search: search.client });
    expect(result.failures.map((f) => f.reason)).toEqual([
      'invalid event: alert must be an object',
    ]);
  });

  it('rejects an alert over 128 KB and stores the rest of the batch', async () => {
    const result = await ingestEvent(
      [eventRecord('e-big', { Type: 'Dump', Data: 'x'.repeat(140_000) }), eventRecord('e-4', {})],
      { search: search.client },
    );
    expect(result.failures.map((f) => f.reason)).toEqual([
      expect.stringMatching(/^payload of \d+ bytes is over the 131072-byte limit$/),
    ]);
    expect([...(await search.documents('event')).keys()]).toEqual([`${DEVICE}|e-4`]);
  });

  it("keeps one device's message ids from colliding with another's", async () => {
    const from = (device: string, id: string): IngestRecord => ({
      payload: { MessageId: id, SendTimeStamp: at(5), VIN, Alert: {}, deviceid: device },
    });
    const result = await ingestEvent([from('a', 'b:c'), from('a:b', 'c')], {
      search: search.client,
    });
    expect(result).toMatchObject({ accepted: 2, duplicates: 0 });
  });
});
