import { z } from 'zod';
import { latLon } from './vehicle-summary';

export const clusterBounds = z.object({
  west: z.number(),
  south: z.number(),
  east: z.number(),
  north: z.number(),
});

export const vehicleCluster = z.object({
  /** The geotile `zoom/x/y` the cluster was counted in. */
  key: z.string(),
  count: z.number().int().positive(),
  centroid: latLon,
  bounds: clusterBounds,
  /** Set when the cluster is a single vehicle, so the map can draw it as one. */
  vin: z.string().optional(),
});
export type VehicleCluster = z.output<typeof vehicleCluster>;

/** Geotile cells about 64 px across on a 256 px tile: two levels finer than the map's zoom. */
export const clusterPrecision = (zoom: number) => Math.min(Math.floor(zoom) + 2, 29);

/** Far more cells than a screen holds at `clusterPrecision`, so no cluster is cut off. */
const MAX_CLUSTERS = 10_000;

export const clusterAggregation = (zoom: number) => ({
  geotile_grid: {
    field: 'geolocation.location',
    precision: clusterPrecision(zoom),
    size: MAX_CLUSTERS,
  },
  aggs: {
    centroid: { geo_centroid: { field: 'geolocation.location' } },
    bounds: { geo_bounds: { field: 'geolocation.location' } },
    sample: { top_hits: { size: 1, _source: { includes: ['vin'] } } },
  },
});

interface ClusterBucket {
  readonly key: string;
  readonly doc_count: number;
  readonly centroid: { readonly location?: { lat: number; lon: number } };
  readonly bounds: {
    readonly bounds?: {
      top_left: { lat: number; lon: number };
      bottom_right: { lat: number; lon: number };
    };
  };
  readonly sample: { readonly hits: { readonly hits: readonly { _source?: { vin?: string } }[] } };
}

export function readClusters(agg: { buckets?: readonly ClusterBucket[] } | undefined) {
  const clusters: VehicleCluster[] = [];
  for (const bucket of agg?.buckets ?? []) {
    const centroid = bucket.centroid.location;
    const box = bucket.bounds.bounds;
    if (!centroid || !box) continue;
    const vin = bucket.doc_count === 1 ? bucket.sample.hits.hits[0]?._source?.vin : undefined;
    clusters.push({
      key: bucket.key,
      count: bucket.doc_count,
      centroid: { lat: centroid.lat, lon: centroid.lon },
      bounds: {
        west: box.top_left.lon,
        south: box.bottom_right.lat,
        east: box.bottom_right.lon,
        north: box.top_left.lat,
      },
      ...(vin !== undefined ? { vin } : {}),
    });
  }
  return clusters;
}
