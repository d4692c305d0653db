import type { z } from 'zod';
import type { deviceMessageSchemas } from './parse-device-message';

/**
 * The payloads as devices send them (PascalCase, CVRA). Devices may also send numbers as strings
 * and leave out optional fields; these types describe what a well-behaved device, such as our
 * simulator, sends. `docs/DEVICE-CONTRACT.md` has an example of each.
 */
export interface CvraGeoLocation {
  Latitude: number;
  Longitude: number;
  Altitude?: number;
  /** degrees clockwise from north */
  Heading?: number;
  /** km/h */
  Speed?: number;
}

export type CvraPosition = Omit<CvraGeoLocation, 'Heading' | 'Speed'>;

interface CvraEnvelope {
  MessageId: string;
  CreationTimeStamp?: string;
  SendTimeStamp: string;
  VIN: string;
}

interface AxisValue {
  Axis?: number;
  /** m/s² */
  Value?: number;
}

export interface CardataPayload extends CvraEnvelope {
  SimulationId?: string;
  TripId?: string;
  DriverID?: string;
  Name?: string;
  GeoLocation: CvraGeoLocation;
  Communications?: {
    GSM?: {
      Satelites?: string;
      Fix?: string;
      NetworkType?: string;
      MNC?: string;
      MCC?: string;
      LAC?: string;
      CID?: string;
    };
    WiFi?: { NetworkID?: string };
    Wired?: { NetworkID?: string };
  };
  Acceleration?: { MaxLongitudinal?: AxisValue; MaxLateral?: AxisValue };
  /** % */
  Throttle?: { Max?: number; Average?: number };
  /** km/h over the reporting interval */
  Speed?: { Max?: number; Average?: number };
  Odometer?: {
    Metres?: number;
    TicksFL?: number;
    TicksFR?: number;
    TicksRL?: number;
    TicksRR?: number;
  };
  /** fuel level, % of the tank */
  Fuel?: number;
  /** litres */
  FuelInfo?: { CurrentTripConsumption?: number; TankCapacity?: number };
  /** °C */
  OilTemp?: number;
  /** "off", "accessory", "run" or "start" */
  IgnitionStatus?: string;
  /** The software version the device runs, so an update shows in telemetry (not in CVRA). */
  SoftwareVersion?: string;
}

export interface DtcPayload extends CvraEnvelope {
  /** `Changed: true` sets the code, `false` clears it; "true"/"false" strings work too. */
  DTC: { Code: string; Changed: boolean | 'true' | 'false' };
}

export interface TripPayload extends CvraEnvelope {
  TripId: string;
  TripSummary: {
    StartTime?: string;
    /** km */
    Distance?: number;
    /** seconds */
    Duration?: number;
    /** litres */
    Fuel?: number;
    SpeedProfile?: Record<string, number>;
    StartLocation?: CvraPosition;
    EndLocation?: CvraPosition;
  };
}

export interface EventPayload extends CvraEnvelope {
  /** Kind-specific keys; `Type` and `GeoLocation` are lifted out and indexed when present. */
  Alert: { Type?: string; GeoLocation?: CvraGeoLocation } & Record<string, unknown>;
}

export interface DevicePayloads {
  cardata: CardataPayload;
  dtc: DtcPayload;
  trip: TripPayload;
  event: EventPayload;
}

/** A payload's type as the backend sees it once every key is lower-cased. */
export type LowercaseKeys<T> = T extends readonly (infer Item)[]
  ? LowercaseKeys<Item>[]
  : T extends object
    ? { [K in keyof T as K extends string ? Lowercase<K> : K]: LowercaseKeys<T[K]> }
    : T;

/** Compiles only while every PascalCase payload above is accepted by its schema. */
type Accepts<K extends keyof DevicePayloads> =
  LowercaseKeys<DevicePayloads[K]> extends Omit<
    z.input<(typeof deviceMessageSchemas)[K]>,
    'deviceid' | 'receivedat'
  >
    ? true
    : false;
export const payloadTypesMatchSchemas: {
  [K in keyof DevicePayloads]: Accepts<K>;
} = { cardata: true, dtc: true, trip: true, event: true };
