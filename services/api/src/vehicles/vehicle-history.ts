import type {
  AnomalyDocument,
  DtcDocument,
  EventDocument,
  IndexName,
  TripDocument,
} from '@fleet/index-mappings';
import { ANOMALY_TYPES } from '@fleet/index-mappings';
import { z } from 'zod';
import { defineRoute, type Route } from '../http/route';
import { single } from '../http/query-params';
import { decodeNextToken, nextTokenAfter, queryScope } from '../pagination/next-token';
import { nextTokenParam, pageSize } from './aggregate-vehicles';
import { searchIndex } from '../search/search-response';
import { toIso } from './stored-vehicle';
import { latLon } from './vehicle-summary';
import { vinParams } from './vin-param';

const isoOrNull = z.iso.datetime().nullable();

const timeRange = {
  from: single(z.iso.datetime({ offset: true }))
    .optional()
    .meta({ description: 'Only entries sent at or after this time (ISO 8601).' }),
  to: single(z.iso.datetime({ offset: true }))
    .optional()
    .meta({ description: 'Only entries sent before this time (ISO 8601).' }),
};

const historyQuery = z
  .object({ ...timeRange, limit: pageSize(100, 25), nextToken: nextTokenParam })
  .strict()
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), {
    message: 'from must be before to',
    path: ['from'],
  });

const pointOf = (geo: { latitude?: number; longitude?: number } | undefined) =>
  geo?.latitude === undefined || geo.longitude === undefined
    ? null
    : { lat: geo.latitude, lon: geo.longitude };

interface HistorySpec<T, I extends z.ZodType> {
  readonly operationId: string;
  readonly noun: string;
  readonly index: IndexName;
  /** A unique keyword that breaks ties between entries sent in the same millisecond. */
  readonly tiebreaker: string;
  readonly item: I;
  readonly toItem: (stored: T) => z.input<I>;
}

/** A vehicle's history from one index, newest first, a page at a time. */
function historyRoute<T, I extends z.ZodType>(spec: HistorySpec<T, I>): Route {
  return defineRoute({
    operationId: spec.operationId,
    method: 'GET',
    path: `/vehicles/{vin}/${spec.noun}`,
    summary: `The vehicle's ${spec.noun}, newest first`,
    tag: 'vehicles',
    access: 'viewer',
    params: vinParams,
    query: historyQuery,
    response: z.object({ items: z.array(spec.item), nextToken: z.string().nullable() }),
    async handle({ params, query }, deps) {
      const { limit, nextToken, from, to } = query;
      const scope = queryScope([spec.operationId, params.vin, from, to, limit]);
      const after = decodeNextToken(nextToken, scope);
      const filter: Record<string, unknown>[] = [{ term: { vin: params.vin } }];
      if (from || to) {
        filter.push({
          range: { sendtimestamp: { ...(from ? { gte: from } : {}), ...(to ? { lt: to } : {}) } },
        });
      }
      const body = await searchIndex<T>(deps.search, spec.index, {
        size: limit,
        query: { bool: { filter } },
        sort: [{ sendtimestamp: 'desc' }, { [spec.tiebreaker]: 'asc' }],
        ...(after ? { search_after: [...after] } : {}),
      });
      return {
        items: body.hits.hits.flatMap((hit) => (hit._source ? [spec.toItem(hit._source)] : [])),
        nextToken: nextTokenAfter(body.hits.hits, limit, scope),
      };
    },
  });
}

export const vehicleEvent = z.object({
  messageId: z.string(),
  deviceId: z.string(),
  eventType: z.string().nullable(),
  sendTimestamp: isoOrNull,
  position: latLon.nullable(),
  alert: z.record(z.string(), z.unknown()),
});

export const listVehicleEvents = historyRoute<EventDocument, typeof vehicleEvent>({
  operationId: 'listVehicleEvents',
  noun: 'events',
  index: 'event',
  tiebreaker: 'messageid',
  item: vehicleEvent,
  toItem: (event) => ({
    messageId: event.messageid,
    deviceId: event.deviceid,
    eventType: event.eventtype ?? null,
    sendTimestamp: toIso(event.sendtimestamp),
    position: pointOf(event.geolocation),
    alert: event.alert,
  }),
});

export const vehicleTrip = z.object({
  tripId: z.string(),
  deviceId: z.string(),
  startTime: isoOrNull,
  endTime: isoOrNull,
  distance: z.number().nullable(),
  durationSeconds: z.number().nullable(),
  fuel: z.number().nullable(),
  start: latLon.nullable(),
  end: latLon.nullable(),
});

export const listVehicleTrips = historyRoute<TripDocument, typeof vehicleTrip>({
  operationId: 'listVehicleTrips',
  noun: 'trips',
  index: 'trip',
  tiebreaker: 'tripid',
  item: vehicleTrip,
  toItem: (trip) => ({
    tripId: trip.tripid,
    deviceId: trip.deviceid,
    startTime: toIso(trip.tripsummary.starttime),
    endTime: toIso(trip.sendtimestamp),
    distance: trip.tripsummary.distance ?? null,
    durationSeconds: trip.tripsummary.duration ?? null,
    fuel: trip.tripsummary.fuel ?? null,
    start: pointOf(trip.tripsummary.startlocation),
    end: pointOf(trip.tripsummary.endlocation),
  }),
});

export const vehicleDtc = z.object({
  messageId: z.string(),
  deviceId: z.string(),
  code: z.string(),
  change: z.enum(['set', 'cleared']),
  sendTimestamp: isoOrNull,
});

export const listVehicleDtcs = historyRoute<DtcDocument, typeof vehicleDtc>({
  operationId: 'listVehicleDtcs',
  noun: 'dtcs',
  index: 'dtc',
  tiebreaker: 'messageid',
  item: vehicleDtc,
  toItem: (dtc) => ({
    messageId: dtc.messageid,
    deviceId: dtc.deviceid,
    code: dtc.dtc.code,
    change: dtc.dtc.changed ? 'set' : 'cleared',
    sendTimestamp: toIso(dtc.sendtimestamp),
  }),
});

export const vehicleAnomaly = z.object({
  anomalyId: z.string(),
  type: z.enum(ANOMALY_TYPES),
  value: z.number(),
  threshold: z.number(),
  tripId: z.string().nullable(),
  sendTimestamp: isoOrNull,
  position: latLon.nullable(),
});

export const listVehicleAnomalies = historyRoute<AnomalyDocument, typeof vehicleAnomaly>({
  operationId: 'listVehicleAnomalies',
  noun: 'anomalies',
  index: 'anomaly',
  tiebreaker: 'anomalyid',
  item: vehicleAnomaly,
  toItem: (anomaly) => ({
    anomalyId: anomaly.anomalyid,
    type: anomaly.anomaly_type,
    value: anomaly.value,
    threshold: anomaly.threshold,
    tripId: anomaly.tripid ?? null,
    sendTimestamp: toIso(anomaly.sendtimestamp),
    position: pointOf(anomaly.geolocation),
  }),
});
