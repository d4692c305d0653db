import { z } from 'zod';
import { defineRoute } from '../http/route';
import { single } from '../http/query-params';
import { decodeNextToken, nextTokenAfter, queryScope } from '../pagination/next-token';
import { searchIndex } from '../search/search-response';
import type { StoredVehicle } from './stored-vehicle';
import { STORED_VEHICLE_FIELDS } from './stored-vehicle';
import { clusterAggregation, readClusters, vehicleCluster } from './vehicle-clusters';
import { facetAggregations, readFacets, vehicleFacets } from './vehicle-facets';
import { vehicleFilterParams } from './vehicle-filters';
import { allOf, facetClauses, scopeClauses } from './vehicle-query';
import { toVehicleSummary, vehicleSummary } from './vehicle-summary';

export const pageSize = (max: number, fallback: number) =>
  single(z.coerce.number().int().min(1).max(max))
    .optional()
    .transform((value) => value ?? fallback)
    .meta({ description: `Page size, 1 to ${max} (default ${fallback}).` });

export const nextTokenParam = single(z.string())
  .optional()
  .meta({ description: 'The `nextToken` of the previous page.' });

const aggregateQuery = z
  .object({
    zoom: single(z.coerce.number().min(0).max(22)).meta({
      description: 'The map zoom; clusters get finer as it grows.',
    }),
    ...vehicleFilterParams,
    limit: pageSize(200, 50),
    nextToken: nextTokenParam,
  })
  .strict();

export const aggregateVehiclesResponse = z.object({
  /** Vehicles matching every filter. */
  total: z.number().int(),
  clusters: z.array(vehicleCluster),
  vehicles: z.object({ items: z.array(vehicleSummary), nextToken: z.string().nullable() }),
  facets: vehicleFacets,
});

/**
 * The map and its side panels in one round trip: clusters, a page of the list, the total and
 * the facet counts, all computed by OpenSearch.
 */
export const aggregateVehicles = defineRoute({
  operationId: 'aggregateVehicles',
  method: 'GET',
  path: '/vehicles/aggregate',
  summary: 'Map clusters, one page of matching vehicles, the total and facet counts',
  tag: 'vehicles',
  access: 'viewer',
  query: aggregateQuery,
  response: aggregateVehiclesResponse,
  async handle({ query }, deps) {
    const { zoom, limit, nextToken, ...filters } = query;
    const facets = facetClauses(filters);
    const scope = queryScope(['aggregateVehicles', filters, limit]);
    const after = decodeNextToken(nextToken, scope);
    const facetFilter = allOf(Object.values(facets));
    const body = await searchIndex<StoredVehicle>(deps.search, 'latest_telemetry', {
      size: limit,
      track_total_hits: true,
      query: allOf(scopeClauses(filters)),
      post_filter: facetFilter,
      sort: [{ vin: 'asc' }],
      ...(after ? { search_after: [...after] } : {}),
      _source: { includes: STORED_VEHICLE_FIELDS },
      aggs: {
        matching: { filter: facetFilter, aggs: { clusters: clusterAggregation(zoom) } },
        ...facetAggregations(facets),
      },
    });
    const matching = body.aggregations?.matching as
      { clusters?: Parameters<typeof readClusters>[0] } | undefined;
    return {
      total: body.hits.total?.value ?? 0,
      clusters: readClusters(matching?.clusters),
      vehicles: {
        items: body.hits.hits.flatMap((hit) =>
          hit._source ? [toVehicleSummary(hit._source, deps)] : [],
        ),
        nextToken: nextTokenAfter(body.hits.hits, limit, scope),
      },
      facets: readFacets(body.aggregations),
    };
  },
});
