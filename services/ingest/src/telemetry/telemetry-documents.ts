import type { CardataMessage } from '@fleet/device-contract';
import type {
  ActiveAnomaly,
  CardataDocument,
  LatestTelemetryDocument,
  SharedCardataDocument,
} from '@fleet/index-mappings';

/** A `cardata` history document: the message with `geolocation.location` and the static data. */
export function cardataDocument(
  message: CardataMessage,
  shared: SharedCardataDocument | undefined,
): CardataDocument {
  const { latitude, longitude } = message.geolocation;
  return {
    ...message,
    geolocation: { ...message.geolocation, location: { lat: latitude, lon: longitude } },
    make: shared?.make,
    model: shared?.model,
    year: shared?.year,
    colour: shared?.colour,
    devices: shared?.devices,
  };
}

/** The vehicle's `latest_telemetry`: its newest message joined with its active state. */
export function latestTelemetryDocument(
  message: CardataMessage,
  shared: SharedCardataDocument | undefined,
  anomalies: readonly ActiveAnomaly[],
  updatedat: string,
): LatestTelemetryDocument {
  return {
    ...cardataDocument(message, shared),
    trouble_codes: shared?.trouble_codes ?? [],
    anomalies: [...anomalies],
    updatedat,
  };
}
