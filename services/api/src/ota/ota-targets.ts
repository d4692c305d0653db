import type { Client } from '@opensearch-project/opensearch';
import type { SharedCardataDocument } from '@fleet/index-mappings';
import { searchIndex } from '../search/search-response';
import type { VehicleFilters } from '../vehicles/vehicle-filters';
import { vehicleQuery } from '../vehicles/vehicle-query';

/** One device a job would update. */
export interface TargetDevice {
  readonly deviceId: string;
  readonly vin: string;
  readonly softwareVersion: string | null;
}

export interface ResolvedTargets {
  /** Devices to update: matching, and not already on the desired version. */
  readonly devices: readonly TargetDevice[];
  /** Matching vehicles. */
  readonly vehicles: number;
  /** Matching devices already on the desired version, left out. */
  readonly upToDate: number;
}

const PAGE = 10_000;

/**
 * The devices of every vehicle matching the filters, read a page at a time. `shared_cardata`
 * holds every registered vehicle; a bounding box needs positions, so it reads `latest_telemetry`.
 */
export async function resolveTargets(
  search: Client,
  filters: VehicleFilters,
  options: { readonly desiredVersion?: string; readonly maxDevices: number },
): Promise<ResolvedTargets> {
  const index = filters.bbox ? 'latest_telemetry' : 'shared_cardata';
  const devices: TargetDevice[] = [];
  let vehicles = 0;
  let upToDate = 0;
  let after: unknown[] | undefined;
  for (;;) {
    const body = await searchIndex<Pick<SharedCardataDocument, 'vin' | 'devices'>>(search, index, {
      size: PAGE,
      query: vehicleQuery(filters),
      sort: [{ vin: 'asc' }],
      _source: { includes: ['vin', 'devices.deviceid', 'devices.softwareversion'] },
      ...(after ? { search_after: after } : {}),
    });
    for (const hit of body.hits.hits) {
      const vehicle = hit._source;
      if (!vehicle) continue;
      vehicles++;
      for (const device of vehicle.devices ?? []) {
        if (
          options.desiredVersion !== undefined &&
          device.softwareversion === options.desiredVersion
        ) {
          upToDate++;
          continue;
        }
        devices.push({
          deviceId: device.deviceid,
          vin: vehicle.vin,
          softwareVersion: device.softwareversion ?? null,
        });
      }
    }
    // One device past the cap is enough to say the cap was hit.
    if (body.hits.hits.length < PAGE || devices.length > options.maxDevices) break;
    after = [...(body.hits.hits.at(-1)?.sort ?? [])];
  }
  return { devices, vehicles, upToDate };
}
