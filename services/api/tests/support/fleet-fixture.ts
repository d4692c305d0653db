import { type IndexName, documentSchemas } from '@fleet/index-mappings';
import type { Client } from '@opensearch-project/opensearch';

/** The fixture's clock: every timestamp is relative to it, and the API is given it as `now`. */
export const FIXTURE_NOW = Date.parse('2026-11-20T12:00:00.000Z');
const iso = (msBeforeNow: number) => new Date(FIXTURE_NOW - msBeforeNow).toISOString();

export interface FixtureVehicle {
  readonly vin: string;
  readonly deviceId: string;
  readonly make: string;
  readonly model: string;
  readonly year: number;
  readonly lat: number;
  readonly lon: number;
  readonly speed: number;
  readonly softwareVersion: string;
  readonly lastSeenMsAgo: number;
  readonly troubleCodes: readonly string[];
  readonly anomalies: readonly ('over_speed' | 'low_fuel')[];
}

export const vinOf = (n: number) => `1FLEETVEH${String(n).padStart(8, '0')}`;

const PLACES = [
  // Berlin: six vehicles a few hundred metres apart.
  ...[0, 1, 2, 3, 4, 5].map((i) => ({ lat: 52.52 + i * 0.004, lon: 13.4 + i * 0.004 })),
  // Paris: four.
  ...[0, 1, 2, 3].map((i) => ({ lat: 48.85 + i * 0.004, lon: 2.35 + i * 0.004 })),
  // Fiji, either side of the antimeridian.
  { lat: -16.5, lon: 179.9 },
  { lat: -16.6, lon: -179.9 },
];
const MAKES = [
  { make: 'Ford', model: 'Transit' },
  { make: 'Volvo', model: 'XC90' },
  { make: 'Toyota', model: 'Hilux' },
];

/** Twelve vehicles with known makes, years, places, software, trouble codes and anomalies. */
export const FIXTURE_VEHICLES: readonly FixtureVehicle[] = PLACES.map((place, n) => ({
  vin: vinOf(n),
  deviceId: `tcu-${n}`,
  ...MAKES[n % 3]!,
  year: 2018 + (n % 6),
  ...place,
  speed: n % 2 === 0 ? 42 : 0,
  softwareVersion: n < 8 ? '1.0.0' : '1.1.0',
  lastSeenMsAgo: n === 11 ? 2 * 3_600_000 : 10_000,
  troubleCodes: n === 0 ? ['P0301'] : n === 4 ? ['P0301', 'P0420'] : [],
  anomalies: n === 1 ? ['over_speed'] : [],
}));

const geolocation = (lat: number, lon: number, speed: number, heading = 90) => ({
  latitude: lat,
  longitude: lon,
  heading,
  speed,
  location: { lat, lon },
});

export const TRIP_ID = 'trip-berlin-0';
export const TRIP_POINTS = 30;

type Doc = { index: IndexName; id: string; source: Record<string, unknown> };

function vehicleDocs(v: FixtureVehicle): Doc[] {
  const sendtimestamp = iso(v.lastSeenMsAgo);
  const state = {
    vin: v.vin,
    make: v.make,
    model: v.model,
    year: v.year,
    colour: 'white',
    devices: [{ deviceid: v.deviceId, softwareversion: v.softwareVersion }],
    trouble_codes: v.troubleCodes.map((code) => ({
      code,
      deviceid: v.deviceId,
      messageid: `m-${code}`,
      sendtimestamp: iso(3_600_000),
    })),
    anomalies: v.anomalies.map((type) => ({
      anomalyid: `${v.deviceId}|a-${type}|${type}`,
      anomaly_type: type,
      value: 150,
      threshold: 130,
      deviceid: v.deviceId,
      messageid: `a-${type}`,
      sendtimestamp: iso(60_000),
    })),
    updatedat: sendtimestamp,
  };
  return [
    { index: 'shared_cardata', id: v.vin, source: state },
    {
      index: 'latest_telemetry',
      id: v.vin,
      source: {
        ...state,
        messageid: `latest-${v.vin}`,
        deviceid: v.deviceId,
        sendtimestamp,
        geolocation: geolocation(v.lat, v.lon, v.speed),
        fuel: 55,
        oiltemp: 90,
        ignitionstatus: v.speed > 0 ? 'run' : 'off',
      },
    },
    {
      index: 'devices',
      id: v.deviceId,
      source: {
        deviceid: v.deviceId,
        thingname: v.deviceId,
        thingtypename: 'fleet-vehicle',
        vin: v.vin,
        make: v.make,
        model: v.model,
        year: v.year,
        softwareversion: v.softwareVersion,
        lastjobid: 'ota-1',
        lastjobstatus: 'SUCCEEDED',
        lastjobupdatedat: iso(86_400_000),
      },
    },
  ];
}

/** Vehicle 0's history: one trip of 30 points (shuffled on write), events, DTCs, an anomaly. */
function historyDocs(): Doc[] {
  const v = FIXTURE_VEHICLES[0]!;
  const envelope = (messageid: string, msAgo: number) => ({
    messageid,
    vin: v.vin,
    deviceid: v.deviceId,
    sendtimestamp: iso(msAgo),
  });
  const points: Doc[] = Array.from({ length: TRIP_POINTS }, (_, i) => ({
    index: 'cardata' as const,
    id: `${v.deviceId}|p${i}`,
    source: {
      ...envelope(`p${i}`, (TRIP_POINTS - i) * 2_000 + 60_000),
      tripid: TRIP_ID,
      geolocation: geolocation(52.5 + i * 0.001, 13.3 + i * 0.001, i * 2),
      fuel: 60 - i * 0.1,
      oiltemp: 80 + i,
    },
  }));
  const events: Doc[] = Array.from({ length: 7 }, (_, i) => ({
    index: 'event' as const,
    id: `${v.deviceId}|e${i}`,
    source: {
      ...envelope(`e${i}`, (i + 1) * 600_000),
      eventtype: i % 2 === 0 ? 'door' : 'tyre_pressure',
      alert: { type: i % 2 === 0 ? 'door' : 'tyre_pressure', value: `v${i}` },
    },
  }));
  return [
    ...points.reverse(),
    ...events,
    {
      index: 'trip',
      id: TRIP_ID,
      source: {
        ...envelope('trip-end', 60_000),
        tripid: TRIP_ID,
        tripsummary: {
          starttime: iso(TRIP_POINTS * 2_000 + 60_000),
          distance: 1.2,
          duration: 60,
          fuel: 0.3,
          startlocation: { latitude: 52.5, longitude: 13.3, location: { lat: 52.5, lon: 13.3 } },
          endlocation: { latitude: 52.53, longitude: 13.33, location: { lat: 52.53, lon: 13.33 } },
        },
      },
    },
    {
      index: 'dtc',
      id: `${v.deviceId}|d1`,
      source: { ...envelope('d1', 3_600_000), dtc: { code: 'P0301', changed: true } },
    },
    {
      index: 'dtc',
      id: `${v.deviceId}|d2`,
      source: { ...envelope('d2', 1_800_000), dtc: { code: 'P0171', changed: false } },
    },
    {
      index: 'anomaly',
      id: `${v.deviceId}|a1|over_speed`,
      source: {
        ...envelope('a1', 120_000),
        anomalyid: `${v.deviceId}|a1|over_speed`,
        anomaly_type: 'over_speed',
        value: 151,
        threshold: 130,
        tripid: TRIP_ID,
      },
    },
  ];
}

/** Writes the fixture in one bulk, each document checked against its index's schema first. */
export async function loadFleetFixture(client: Client): Promise<void> {
  const docs = [...FIXTURE_VEHICLES.flatMap(vehicleDocs), ...historyDocs()];
  const body = docs.flatMap((doc) => {
    const parsed = documentSchemas[doc.index].safeParse(doc.source);
    if (!parsed.success) throw new Error(`fixture ${doc.index}/${doc.id}: ${parsed.error.message}`);
    return [{ index: { _index: doc.index, _id: doc.id } }, doc.source];
  });
  const { body: result } = await client.bulk({ body, refresh: 'true' });
  if (result.errors) throw new Error(`fixture bulk failed: ${JSON.stringify(result.items)}`);
}
