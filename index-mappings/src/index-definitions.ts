// Static JSON imports (not fs reads) so a Lambda bundle built by esbuild carries the mappings.
import anomalyJson from '../mappings/anomaly.json';
import cardataJson from '../mappings/cardata.json';
import devicesJson from '../mappings/devices.json';
import dtcJson from '../mappings/dtc.json';
import eventJson from '../mappings/event.json';
import latestTelemetryJson from '../mappings/latest_telemetry.json';
import sharedCardataJson from '../mappings/shared_cardata.json';
import tripJson from '../mappings/trip.json';
import { type IndexDefinition, indexDefinitionSchema } from './mapping-types';

export const INDEX_NAMES = [
  'devices',
  'shared_cardata',
  'cardata',
  'latest_telemetry',
  'trip',
  'dtc',
  'anomaly',
  'event',
] as const;

export type IndexName = (typeof INDEX_NAMES)[number];

const load = (index: IndexName, json: unknown): IndexDefinition => {
  const parsed = indexDefinitionSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(
      `mappings/${index}.json is not a valid index definition: ${parsed.error.message}`,
    );
  }
  return parsed.data;
};

/** The mapping files, validated: the one source of truth for every index. */
export const indexDefinitions: Readonly<Record<IndexName, IndexDefinition>> = {
  devices: load('devices', devicesJson),
  shared_cardata: load('shared_cardata', sharedCardataJson),
  cardata: load('cardata', cardataJson),
  latest_telemetry: load('latest_telemetry', latestTelemetryJson),
  trip: load('trip', tripJson),
  dtc: load('dtc', dtcJson),
  anomaly: load('anomaly', anomalyJson),
  event: load('event', eventJson),
};

export const isIndexName = (value: string): value is IndexName =>
  (INDEX_NAMES as readonly string[]).includes(value);
