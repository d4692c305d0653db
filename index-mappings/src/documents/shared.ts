import { z } from 'zod';

/**
 * A stored timestamp: ISO-8601 with a zone (device timestamps) or epoch milliseconds (IoT's
 * `timestamp()`), exactly what the mappings' `strict_date_optional_time||epoch_millis` accepts.
 */
export const timestamp = z.union([z.iso.datetime({ offset: true }), z.int().nonnegative()]);

/**
 * The envelope every device message carries once ingested: who sent it and when (device clock
 * and IoT's receive time). Spread into the history documents.
 */
export const messageEnvelope = {
  messageid: z.string(),
  vin: z.string(),
  deviceid: z.string(),
  creationtimestamp: timestamp.optional(),
  sendtimestamp: timestamp,
  receivedat: timestamp.optional(),
};

/** A `geo_point` in its object form; the ingest code derives it from latitude/longitude. */
export const geoPoint = z.object({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
});
export type GeoPoint = z.infer<typeof geoPoint>;

/** A place as CVRA sends it, plus the indexed `location`. */
export const position = z.object({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  altitude: z.number().optional(),
  location: geoPoint,
});
export type Position = z.infer<typeof position>;

/** CVRA `GeoLocation`: a position with the vehicle's heading and speed at that moment. */
export const geolocation = position.extend({
  heading: z.number().optional(),
  speed: z.number().optional(),
});
export type Geolocation = z.infer<typeof geolocation>;
