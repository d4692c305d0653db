/**
 * The bench fleet: one thing (telematics unit) per vehicle, each registered with its own VIN, and
 * cardata payloads pre-serialised per vehicle so the load generator only patches a message id
 * and two timestamps into a copy of a template.
 */
import type { ThingAttributes } from '@fleet/simulator';
import { historyId } from '@fleet/ingest';

/** `bench-tcu-000001`: the thing name, MQTT client id and `{deviceId}` of vehicle `n`. */
export const thingName = (n: number) => `bench-tcu-${String(n).padStart(6, '0')}`;

/** A 17-character VIN: `BENCH` and 12 digits. */
export const vinOf = (n: number) => `BENCH${String(n).padStart(12, '0')}`;

export const cardataTopic = (n: number) => `dt/cvra/${thingName(n)}/cardata`;

const MAKES = [
  ['Ford', 'Transit'],
  ['Toyota', 'Hilux'],
  ['Volvo', 'FH16'],
  ['Renault', 'Master'],
  ['Mercedes', 'Sprinter'],
  ['Iveco', 'Daily'],
] as const;
const COLOURS = ['white', 'black', 'silver', 'blue', 'red'] as const;

/** The registry attributes of vehicle `n`'s thing, as provisioning sets them. */
export function thingAttributes(n: number): ThingAttributes {
  const [make, model] = MAKES[n % MAKES.length]!;
  return {
    vin: vinOf(n),
    make,
    model,
    year: String(2015 + (n % 11)),
    colour: COLOURS[n % COLOURS.length]!,
    softwareVersion: '2.0.0',
  };
}

/** Deterministic PRNG, so every run publishes the same fleet. */
export function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CITIES: readonly [number, number][] = [
  [48.86, 2.35],
  [51.51, -0.13],
  [52.52, 13.4],
  [40.42, -3.7],
  [41.9, 12.5],
  [40.71, -74.0],
  [34.05, -118.24],
  [35.68, 139.69],
];

/** Message-id sequence digits: a run publishes far fewer than 10^9 messages per vehicle. */
export const SEQ_DIGITS = 9;
const SEQ_MARK = '#'.repeat(SEQ_DIGITS);
/** `Date.prototype.toISOString()` is always 24 characters for years 1970–9999. */
const TIME_MARK = '@'.repeat(24);

export interface PayloadTemplate {
  readonly bytes: Buffer;
  readonly seqOffset: number;
  readonly timeOffsets: readonly number[];
}

/**
 * `variants` cardata payloads of vehicle `n` (positions along a short drive), shaped like the
 * device contract's example. Values stay clear of every anomaly threshold, so a message costs
 * exactly one `cardata` create and one `latest_telemetry` write.
 */
export function payloadTemplates(n: number, variants: number): PayloadTemplate[] {
  const random = mulberry32(n + 1);
  const [lat0, lon0] = CITIES[n % CITIES.length]!;
  let lat = lat0 + (random() - 0.5) * 0.4;
  let lon = lon0 + (random() - 0.5) * 0.6;
  let heading = random() * 360;
  const odometer = Math.floor(random() * 2e8);
  const templates: PayloadTemplate[] = [];
  for (let v = 0; v < variants; v++) {
    heading = (heading + (random() - 0.5) * 20 + 360) % 360;
    lat += Math.cos((heading * Math.PI) / 180) * 0.0004;
    lon += Math.sin((heading * Math.PI) / 180) * 0.0004;
    const speed = 30 + random() * 60;
    const payload = {
      MessageId: `${vinOf(n)}-${SEQ_MARK}`,
      SimulationId: 'bench-ingest',
      CreationTimeStamp: TIME_MARK,
      SendTimeStamp: TIME_MARK,
      VIN: vinOf(n),
      TripId: `bench-trip-${n}`,
      DriverID: `driver-${n % 500}`,
      Name: `${MAKES[n % MAKES.length]![1]} ${n}`,
      GeoLocation: {
        Latitude: Number(lat.toFixed(6)),
        Longitude: Number(lon.toFixed(6)),
        Altitude: Number((20 + random() * 80).toFixed(1)),
        Heading: Number(heading.toFixed(1)),
        Speed: Number(speed.toFixed(1)),
      },
      Communications: {
        GSM: {
          Satelites: String(6 + Math.floor(random() * 6)),
          Fix: '3d',
          NetworkType: 'LTE',
          MNC: '01',
          MCC: '208',
          LAC: '1234',
          CID: String(50_000 + Math.floor(random() * 9_999)),
        },
        WiFi: { NetworkID: '' },
        Wired: { NetworkID: '' },
      },
      Acceleration: {
        MaxLongitudinal: { Axis: 0, Value: Number((random() * 2.5).toFixed(2)) },
        MaxLateral: { Axis: 1, Value: Number((random() * 1.5).toFixed(2)) },
      },
      Throttle: { Max: 40, Average: 22.5 },
      Speed: { Max: Number((speed + 5).toFixed(1)), Average: Number((speed - 3).toFixed(1)) },
      Odometer: {
        Metres: odometer + v * 40,
        TicksFL: 24106502,
        TicksFR: 24106498,
        TicksRL: 24106501,
        TicksRR: 24106497,
      },
      Fuel: Number((30 + random() * 60).toFixed(1)),
      FuelInfo: { CurrentTripConsumption: 1.84, TankCapacity: 56 },
      OilTemp: Number((88 + random() * 12).toFixed(1)),
      IgnitionStatus: 'run',
    };
    const bytes = Buffer.from(JSON.stringify(payload), 'latin1');
    const timeOffsets: number[] = [];
    for (let at = bytes.indexOf(TIME_MARK); at !== -1; at = bytes.indexOf(TIME_MARK, at + 1)) {
      timeOffsets.push(at);
    }
    templates.push({ bytes, seqOffset: bytes.indexOf(SEQ_MARK), timeOffsets });
  }
  return templates;
}

/** The message id a filled payload carries, and its `cardata` `_id` (`{deviceid}:{messageid}`). */
export const messageIdOf = (n: number, seq: number) =>
  `${vinOf(n)}-${String(seq).padStart(SEQ_DIGITS, '0')}`;
/** The `cardata` `_id` ingest gives the message, from ingest's own function so they cannot drift. */
export const historyIdOf = (n: number, seq: number) =>
  historyId({ deviceid: thingName(n), messageid: messageIdOf(n, seq) });
