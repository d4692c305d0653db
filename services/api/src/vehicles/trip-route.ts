import type { CardataDocument, TripDocument } from '@fleet/index-mappings';
import { z } from 'zod';
import { notFound } from '../http/api-error';
import { defineRoute } from '../http/route';
import { searchIndex } from '../search/search-response';
import { toIso } from './stored-vehicle';
import { latLon } from './vehicle-summary';

/** A route this long (about 11 hours at one point per 2 s) is thinned evenly, ends kept. */
export const MAX_ROUTE_POINTS = 20_000;
const PAGE = 10_000;
/** Beyond this many stored points a trip is a data problem; the route shows the first ones. */
const MAX_SCANNED_POINTS = 200_000;

const ROUTE_FIELDS = [
  'vin',
  'sendtimestamp',
  'geolocation.latitude',
  'geolocation.longitude',
  'geolocation.speed',
];

export const tripRouteResponse = z.object({
  type: z.literal('Feature'),
  geometry: z.object({
    type: z.literal('LineString'),
    coordinates: z.array(z.tuple([z.number(), z.number()])),
  }),
  properties: z.object({
    tripId: z.string(),
    vin: z.string().nullable(),
    /** One per coordinate. */
    timestamps: z.array(z.iso.datetime()),
    speedsKmh: z.array(z.number().nullable()),
    /** True when the stored points were thinned to fit `MAX_ROUTE_POINTS`. */
    thinned: z.boolean(),
    summary: z
      .object({
        startTime: z.iso.datetime().nullable(),
        endTime: z.iso.datetime().nullable(),
        distance: z.number().nullable(),
        durationSeconds: z.number().nullable(),
        fuel: z.number().nullable(),
        start: latLon.nullable(),
        end: latLon.nullable(),
      })
      .nullable(),
  }),
});

type RoutePoint = Pick<CardataDocument, 'vin' | 'sendtimestamp' | 'geolocation'>;

function thin<T>(points: readonly T[], max: number): T[] {
  if (points.length <= max) return [...points];
  const step = (points.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => points[Math.round(i * step)]!);
}

/** A trip's path from its telemetry, in send order, with the trip summary when it has ended. */
export const getTripRoute = defineRoute({
  operationId: 'getTripRoute',
  method: 'GET',
  path: '/vehicles/route/{tripId}',
  summary: "A trip's points as a GeoJSON LineString with timestamps, speeds and the trip summary",
  tag: 'vehicles',
  access: 'viewer',
  params: z.object({ tripId: z.string().trim().min(1).max(128) }),
  response: tripRouteResponse,
  async handle({ params }, deps) {
    const { tripId } = params;
    const points: RoutePoint[] = [];
    let after: unknown[] | undefined;
    while (points.length < MAX_SCANNED_POINTS) {
      const body = await searchIndex<RoutePoint>(deps.search, 'cardata', {
        size: PAGE,
        query: { bool: { filter: [{ term: { tripid: tripId } }] } },
        sort: [{ sendtimestamp: 'asc' }, { messageid: 'asc' }],
        _source: { includes: ROUTE_FIELDS },
        ...(after ? { search_after: after } : {}),
      });
      const hits = body.hits.hits;
      for (const hit of hits) if (hit._source) points.push(hit._source);
      if (hits.length < PAGE) break;
      after = [...(hits.at(-1)?.sort ?? [])];
    }
    const tripResponse = await deps.search.get({ index: 'trip', id: tripId }, { ignore: [404] });
    const trip = (tripResponse.body as { found?: boolean; _source?: TripDocument }).found
      ? (tripResponse.body as { _source: TripDocument })._source
      : undefined;
    if (points.length === 0 && !trip) throw notFound(`no trip ${tripId}`);

    const shown = thin(points, MAX_ROUTE_POINTS);
    const pointOf = (geo: { latitude?: number; longitude?: number } | undefined) =>
      geo?.latitude === undefined || geo.longitude === undefined
        ? null
        : { lat: geo.latitude, lon: geo.longitude };
    const summary = trip?.tripsummary;
    return {
      type: 'Feature' as const,
      geometry: {
        type: 'LineString' as const,
        coordinates: shown.map(
          (p) => [p.geolocation.longitude, p.geolocation.latitude] as [number, number],
        ),
      },
      properties: {
        tripId,
        vin: trip?.vin ?? points[0]?.vin ?? null,
        timestamps: shown.map((p) => toIso(p.sendtimestamp) ?? ''),
        speedsKmh: shown.map((p) => p.geolocation.speed ?? null),
        thinned: shown.length < points.length,
        summary: summary
          ? {
              startTime: toIso(summary.starttime),
              endTime: toIso(trip.sendtimestamp),
              distance: summary.distance ?? null,
              durationSeconds: summary.duration ?? null,
              fuel: summary.fuel ?? null,
              start: pointOf(summary.startlocation),
              end: pointOf(summary.endlocation),
            }
          : null,
      },
    };
  },
});
