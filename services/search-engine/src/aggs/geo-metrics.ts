import { badRequest } from '../errors';
import type { DocSpace } from '../index/doc-space';
import { type AggregationRun, defineAggregation } from './aggregator';
import { parseMissing, resolveField, type Scalar } from './field-source';
import { readPoints } from './geo-points';
import { bodyOf, checkKeys, readBoolean, readScalar, readString } from './params';

interface GeoMetricParams {
  readonly field: string;
  readonly missing: Scalar | undefined;
}

interface GeoBoundsParams extends GeoMetricParams {
  readonly wrapLongitude: boolean;
}

function parseGeoMetric(
  type: string,
  raw: unknown,
  extra: readonly string[],
  refused: readonly string[],
) {
  const body = bodyOf(type, raw);
  checkKeys(type, body, ['field', 'missing', ...extra], ['value_type', ...refused]);
  const field = readString(type, body, 'field');
  if (field === undefined)
    throw badRequest('Required one of fields [field, script], but none were specified. ');
  return { body, field, missing: readScalar(type, body, 'missing') };
}

/** The field and `missing` point of a geo metric, resolved once per doc space. */
function geoSource(type: string, params: GeoMetricParams, space: DocSpace, run: AggregationRun) {
  return run.memo(params, space, () => {
    const source = resolveField(type, params.field, space, run.ctx.shard, ['geo']);
    const missing = parseMissing(source, params.missing, run.ctx.now, 'geo');
    return {
      column: source.kind === 'geo' ? source.column : undefined,
      missingPoint: missing.kind === 'geo' ? missing.value : undefined,
    };
  });
}

/**
 * Per-slot centroids with OpenSearch's Kahan summation (CompensatedSum over finite values),
 * inlined: the sub-aggregation of every geotile_grid cell on a map. `slots` undefined: all in 0.
 */
function centroids(
  params: GeoMetricParams,
  space: DocSpace,
  ords: Int32Array,
  count: number,
  slots: Int32Array | undefined,
  slotCount: number,
  run: AggregationRun,
): (slot: number) => Record<string, unknown> {
  const { column, missingPoint } = geoSource('geo_centroid', params, space, run);
  const latSum = new Float64Array(slotCount);
  const latDelta = new Float64Array(slotCount);
  const lonSum = new Float64Array(slotCount);
  const lonDelta = new Float64Array(slotCount);
  const counts = new Int32Array(slotCount);
  const points = readPoints(column, ords, count, missingPoint);
  const { lat, lon, index } = points;
  for (let p = 0; p < points.length; p++) {
    const slot = slots ? slots[index[p]!]! : 0;
    const latCorrected = lat[p]! + latDelta[slot]!;
    const latUpdated = latSum[slot]! + latCorrected;
    latDelta[slot] = latCorrected - (latUpdated - latSum[slot]!);
    latSum[slot] = latUpdated;
    const lonCorrected = lon[p]! + lonDelta[slot]!;
    const lonUpdated = lonSum[slot]! + lonCorrected;
    lonDelta[slot] = lonCorrected - (lonUpdated - lonSum[slot]!);
    lonSum[slot] = lonUpdated;
    counts[slot]!++;
  }
  return (slot) => {
    const n = counts[slot]!;
    if (n === 0) return { count: 0 };
    // The shard divides, then the reduce multiplies back and divides again: kept for equal bits.
    return {
      location: { lat: (n * (latSum[slot]! / n)) / n, lon: (n * (lonSum[slot]! / n)) / n },
      count: n,
    };
  };
}

export const geoCentroid = defineAggregation<GeoMetricParams>({
  name: 'geo_centroid',
  acceptsSubAggregations: false,
  parse(raw) {
    const { field, missing } = parseGeoMetric('geo_centroid', raw, [], ['script']);
    return { field, missing };
  },
  run: (params, bucket, _subs, run) =>
    centroids(params, bucket.space, bucket.ordinals, bucket.ordinals.length, undefined, 1, run)(0),
  runSlots: (params, space, pairs, slotCount, run) =>
    centroids(params, space, pairs.ords, pairs.length, pairs.slots, slotCount, run),
});

export const geoBounds = defineAggregation<GeoBoundsParams>({
  name: 'geo_bounds',
  acceptsSubAggregations: false,
  parse(raw) {
    const { body, field, missing } = parseGeoMetric(
      'geo_bounds',
      raw,
      ['wrap_longitude'],
      ['script'],
    );
    return {
      field,
      missing,
      wrapLongitude: readBoolean('geo_bounds', body, 'wrap_longitude') ?? true,
    };
  },
  run(params, bucket, _subs, run) {
    const { column, missingPoint } = geoSource('geo_bounds', params, bucket.space, run);
    let top = -Infinity;
    let bottom = Infinity;
    let posLeft = Infinity;
    let posRight = -Infinity;
    let negLeft = Infinity;
    let negRight = -Infinity;
    const ords = bucket.ordinals;
    const points = readPoints(column, ords, ords.length, missingPoint);
    for (let p = 0; p < points.length; p++) {
      const lat = points.lat[p]!;
      const lon = points.lon[p]!;
      if (lat > top) top = lat;
      if (lat < bottom) bottom = lat;
      if (lon >= 0) {
        if (lon < posLeft) posLeft = lon;
        if (lon > posRight) posRight = lon;
      } else {
        if (lon < negLeft) negLeft = lon;
        if (lon > negRight) negRight = lon;
      }
    }
    if (top === -Infinity) return {};
    // InternalGeoBounds: the narrower of the box through 0° and the box across the antimeridian.
    let left: number;
    let right: number;
    if (posLeft === Infinity) [left, right] = [negLeft, negRight];
    else if (negLeft === Infinity) [left, right] = [posLeft, posRight];
    else if (params.wrapLongitude && posRight - negLeft > 180 - posLeft - (-180 - negRight)) {
      [left, right] = [posLeft, negRight];
    } else {
      [left, right] = [negLeft, posRight];
    }
    return {
      bounds: {
        top_left: { lat: top, lon: left },
        bottom_right: { lat: bottom, lon: right },
      },
    };
  },
});
