import type { BoundingBox, Facet, VehicleFilters } from './vehicle-filters';

export type QueryClause = Record<string, unknown>;

const nestedAny = (path: string, field: string, values: readonly string[]): QueryClause => ({
  nested: { path, query: { terms: { [`${path}.${field}`]: values } } },
});

export const boundingBoxClause = (bbox: BoundingBox): QueryClause => ({
  geo_bounding_box: {
    'geolocation.location': {
      top_left: { lat: bbox.north, lon: bbox.west },
      bottom_right: { lat: bbox.south, lon: bbox.east },
    },
  },
});

/** One clause per facet filter that is set. */
export function facetClauses(filters: VehicleFilters): Partial<Record<Facet, QueryClause>> {
  const clauses: Partial<Record<Facet, QueryClause>> = {};
  if (filters.make?.length) clauses.make = { terms: { make: filters.make } };
  if (filters.model?.length) clauses.model = { terms: { model: filters.model } };
  if (filters.year?.length) {
    clauses.year = {
      bool: {
        should: filters.year.map(({ from, to }) => ({ range: { year: { gte: from, lte: to } } })),
        minimum_should_match: 1,
      },
    };
  }
  if (filters.swVersion !== undefined) {
    clauses.swVersion = nestedAny('devices', 'softwareversion', [filters.swVersion]);
  }
  if (filters.troubleCodes?.length) {
    clauses.troubleCodes = nestedAny('trouble_codes', 'code', filters.troubleCodes);
  }
  if (filters.anomalies?.length) {
    clauses.anomalies = nestedAny('anomalies', 'anomaly_type', filters.anomalies);
  }
  return clauses;
}

/** The clauses that are not facets: which vehicles, and where. */
export function scopeClauses(filters: VehicleFilters): QueryClause[] {
  const clauses: QueryClause[] = [];
  if (filters.vin !== undefined) {
    clauses.push(
      filters.vin.length === 17 ? { term: { vin: filters.vin } } : { prefix: { vin: filters.vin } },
    );
  }
  if (filters.bbox) clauses.push(boundingBoxClause(filters.bbox));
  return clauses;
}

export const allOf = (clauses: readonly QueryClause[]): QueryClause =>
  clauses.length === 0 ? { match_all: {} } : { bool: { filter: clauses } };

/** Every filter at once, for routes without facets. */
export const vehicleQuery = (filters: VehicleFilters): QueryClause =>
  allOf([...scopeClauses(filters), ...Object.values(facetClauses(filters))]);
