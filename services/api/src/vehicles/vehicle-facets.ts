import { z } from 'zod';
import type { TermsBucket } from '../search/search-response';
import { FACETS, type Facet } from './vehicle-filters';
import { type QueryClause, allOf } from './vehicle-query';

export const facetValue = z.object({ value: z.string(), count: z.number().int() });
export const vehicleFacets = z.object(
  Object.fromEntries(FACETS.map((facet) => [facet, z.array(facetValue)])) as Record<
    Facet,
    z.ZodArray<typeof facetValue>
  >,
);
export type VehicleFacets = z.output<typeof vehicleFacets>;

/** Where each facet's values live; nested lists count vehicles, not list entries. */
const FACET_FIELDS: Record<Facet, { field: string; nested?: string; size: number }> = {
  make: { field: 'make', size: 100 },
  model: { field: 'model', size: 200 },
  year: { field: 'year', size: 100 },
  swVersion: { field: 'devices.softwareversion', nested: 'devices', size: 100 },
  troubleCodes: { field: 'trouble_codes.code', nested: 'trouble_codes', size: 100 },
  anomalies: { field: 'anomalies.anomaly_type', nested: 'anomalies', size: 10 },
};

const aggName = (facet: Facet) => `facet_${facet}`;

/**
 * Facet counts for the filter panel. Each facet is counted under every filter except its own,
 * so picking one make still shows how many vehicles the other makes would add.
 */
export function facetAggregations(clauses: Partial<Record<Facet, QueryClause>>) {
  return Object.fromEntries(
    FACETS.map((facet) => {
      const others = Object.entries(clauses)
        .filter(([name]) => name !== facet)
        .map(([, clause]) => clause);
      const { field, nested, size } = FACET_FIELDS[facet];
      const terms = { terms: { field, size } };
      const values = nested
        ? {
            nested: { path: nested },
            aggs: { values: { ...terms, aggs: { vehicles: { reverse_nested: {} } } } },
          }
        : terms;
      return [aggName(facet), { filter: allOf(others), aggs: { values } }];
    }),
  );
}

interface FacetAgg {
  readonly values: {
    readonly buckets?: readonly TermsBucket[];
    readonly values?: FacetAgg['values'];
  };
}

export function readFacets(aggregations: Record<string, unknown> | undefined): VehicleFacets {
  const facets = {} as VehicleFacets;
  for (const facet of FACETS) {
    const agg = aggregations?.[aggName(facet)] as FacetAgg | undefined;
    const buckets = agg?.values.buckets ?? agg?.values.values?.buckets ?? [];
    facets[facet] = buckets.map((bucket) => ({
      value: String(bucket.key),
      count: bucket.vehicles?.doc_count ?? bucket.doc_count,
    }));
  }
  return facets;
}
