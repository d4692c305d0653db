import { z } from 'zod';
import { searchIndex } from '../search/search-response';
import { invalidField } from '../http/api-error';
import { defineRoute } from '../http/route';
import { single } from '../http/query-params';
import { vinParams } from './vin-param';

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `30s`, `5m`, `1h`, `1d`: OpenSearch's fixed-interval syntax, in the units charts need. */
const interval = z
  .string()
  .regex(/^[1-9]\d{0,3}[smhd]$/, 'must be a fixed interval such as 30s, 5m, 1h or 1d')
  .transform((text) => ({
    text,
    ms: Number(text.slice(0, -1)) * UNIT_MS[text.at(-1) as keyof typeof UNIT_MS],
  }));

/** A chart cannot show more points than this; a smaller interval over a long range is refused. */
export const MAX_SERIES_BUCKETS = 2_000;
/** Without an interval, the range is split into about this many buckets. */
const DEFAULT_BUCKETS = 200;
const NICE_INTERVALS = ['10s', '30s', '1m', '5m', '10m', '30m', '1h', '3h', '6h', '12h', '1d'];
const DAY_MS = UNIT_MS.d;

const seriesPoint = z.object({
  time: z.iso.datetime(),
  samples: z.number().int(),
  speedAvgKmh: z.number().nullable(),
  speedMaxKmh: z.number().nullable(),
  fuelAvgPercent: z.number().nullable(),
  oilTempMaxCelsius: z.number().nullable(),
});

export const telemetrySeriesResponse = z.object({
  vin: z.string(),
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  interval: z.string(),
  points: z.array(seriesPoint),
});

interface Bucket {
  readonly key: number;
  readonly doc_count: number;
  readonly speed_avg: { value: number | null };
  readonly speed_max: { value: number | null };
  readonly fuel_avg: { value: number | null };
  readonly oil_max: { value: number | null };
}

function defaultInterval(rangeMs: number) {
  const target = rangeMs / DEFAULT_BUCKETS;
  const parsed = NICE_INTERVALS.map((text) => interval.parse(text));
  return parsed.find((candidate) => candidate.ms >= target) ?? parsed.at(-1)!;
}

/** Speed, fuel and oil temperature over time, bucketed by OpenSearch for charts. */
export const getTelemetrySeries = defineRoute({
  operationId: 'getTelemetrySeries',
  method: 'GET',
  path: '/vehicles/{vin}/telemetry',
  summary: 'Speed, fuel and oil temperature series (date_histogram) for charts',
  tag: 'vehicles',
  access: 'viewer',
  params: vinParams,
  query: z
    .object({
      from: single(z.iso.datetime({ offset: true }))
        .optional()
        .meta({ description: 'Start (ISO 8601); default 24 hours before `to`.' }),
      to: single(z.iso.datetime({ offset: true }))
        .optional()
        .meta({ description: 'End (ISO 8601); default now.' }),
      interval: single(interval)
        .optional()
        .meta({ description: 'Bucket size such as 30s, 5m, 1h; default about 200 buckets.' }),
    })
    .strict(),
  response: telemetrySeriesResponse,
  async handle({ params, query }, deps) {
    const to = query.to ? Date.parse(query.to) : deps.now();
    const from = query.from ? Date.parse(query.from) : to - DAY_MS;
    if (from >= to) throw invalidField('query', 'from', 'must be before to');
    if (to - from > 366 * DAY_MS)
      throw invalidField('query', 'from', 'range must be at most a year');
    const bucket = query.interval ?? defaultInterval(to - from);
    if ((to - from) / bucket.ms > MAX_SERIES_BUCKETS) {
      throw invalidField(
        'query',
        'interval',
        `gives more than ${MAX_SERIES_BUCKETS} points over this range; use a larger one`,
      );
    }
    const body = await searchIndex<never>(deps.search, 'cardata', {
      size: 0,
      query: {
        bool: {
          filter: [
            { term: { vin: params.vin } },
            { range: { sendtimestamp: { gte: from, lt: to, format: 'epoch_millis' } } },
          ],
        },
      },
      aggs: {
        series: {
          date_histogram: {
            field: 'sendtimestamp',
            fixed_interval: bucket.text,
            min_doc_count: 0,
            extended_bounds: { min: from, max: to - 1 },
          },
          aggs: {
            speed_avg: { avg: { field: 'geolocation.speed' } },
            speed_max: { max: { field: 'geolocation.speed' } },
            fuel_avg: { avg: { field: 'fuel' } },
            oil_max: { max: { field: 'oiltemp' } },
          },
        },
      },
    });
    const series =
      (body as { aggregations?: { series?: { buckets?: Bucket[] } } }).aggregations?.series
        ?.buckets ?? [];
    return {
      vin: params.vin,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      interval: bucket.text,
      points: series.map((b) => ({
        time: new Date(b.key).toISOString(),
        samples: b.doc_count,
        speedAvgKmh: b.speed_avg.value,
        speedMaxKmh: b.speed_max.value,
        fuelAvgPercent: b.fuel_avg.value,
        oilTempMaxCelsius: b.oil_max.value,
      })),
    };
  },
});
