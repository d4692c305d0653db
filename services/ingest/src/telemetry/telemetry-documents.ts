import type { CardataMessage } from '@fleet/device-contract';
import type {
  ActiveAnomaly,
  CardataDocument,
  LatestTelemetryDocument,
  SharedCardataDocument,
} from '@fleet/index-mappings';
import { withLocation } from '../with-location';

/** A `cardata` history document: the message with `geolocation.location` and the static data. */
export function cardataDocument(
  message: CardataMessage,
  shared: SharedCardataDocument | undefined,
): CardataDocument {
  return {
    ...message,
    geolocation: withLocation(message.geolocation),
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
