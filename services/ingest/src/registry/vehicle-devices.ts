import type { VehicleDevice, VehicleStaticData } from '@fleet/index-mappings';
import type { BulkOperation } from '../search/document-store';
import {
  type VehicleDocuments,
  type VehiclePlan,
  sharedCardataWrite,
} from '../search/vehicle-updates';

/** Where one device belongs, as its `devices` document says; what each vehicle is checked against. */
export interface DeviceMembership {
  readonly deviceid: string;
  /** The vehicle it is fitted to; undefined when it has no VIN or no longer exists. */
  readonly vin?: string;
  readonly softwareversion?: string;
  /** Static data to copy onto its vehicle: only given when the registry changed the thing. */
  readonly staticData?: VehicleStaticData;
}

const STATIC_FIELDS = ['make', 'model', 'year', 'colour'] as const;

/** The list with `entry` in place of the device's old entry, or appended; other devices kept. */
export function withDevice(
  devices: readonly VehicleDevice[],
  entry: VehicleDevice,
): VehicleDevice[] {
  const at = devices.findIndex((device) => device.deviceid === entry.deviceid);
  if (at < 0) return [...devices, entry];
  return devices.map((device, i) => (i === at ? entry : device));
}

export const withoutDevice = (devices: readonly VehicleDevice[], deviceid: string) =>
  devices.filter((device) => device.deviceid !== deviceid);

export const sameDevices = (a: readonly VehicleDevice[], b: readonly VehicleDevice[]) =>
  a.length === b.length &&
  a.every(
    (device, i) =>
      device.deviceid === b[i]?.deviceid && device.softwareversion === b[i]?.softwareversion,
  );

export function vehicleDevice(
  deviceid: string,
  softwareversion: string | undefined,
): VehicleDevice {
  return softwareversion === undefined ? { deviceid } : { deviceid, softwareversion };
}

/** The fields of `wanted` that `current` does not already hold. */
function staticChanges(
  current: VehicleStaticData,
  wanted: VehicleStaticData,
): Partial<VehicleStaticData> {
  const changes: Record<string, string | number> = {};
  for (const field of STATIC_FIELDS) {
    const value = wanted[field];
    if (value !== undefined && value !== current[field]) changes[field] = value;
  }
  return changes;
}

/**
 * Brings one vehicle's device list (and, for changed things, its static data) in line with
 * where its devices belong: a device fitted here gets its `{deviceid, softwareversion}` entry,
 * one that is not is removed; every other device, trouble code and anomaly is left alone
 * (partial updates). `latest_telemetry` mirrors it when the vehicle has one, so the map shows
 * the change before its next message. Planned from the documents given, so it is idempotent.
 */
export function planVehicleDevices(
  vin: string,
  docs: VehicleDocuments,
  memberships: readonly DeviceMembership[],
  now: string,
): VehiclePlan {
  const shared = docs.shared?.source;
  const latest = docs.latest?.source;
  let devices: VehicleDevice[] = shared?.devices ?? latest?.devices ?? [];
  const staticData: Record<string, string | number> = {};
  for (const device of memberships) {
    if (device.vin === vin) {
      devices = withDevice(devices, vehicleDevice(device.deviceid, device.softwareversion));
      Object.assign(staticData, staticChanges({}, device.staticData ?? {}));
    } else {
      devices = withoutDevice(devices, device.deviceid);
    }
  }
  const state: BulkOperation[] = [];
  const sharedChanges = docs.shared
    ? {
        ...staticChanges(docs.shared.source, staticData),
        ...(sameDevices(docs.shared.source.devices ?? [], devices) ? {} : { devices }),
      }
    : devices.length > 0
      ? { ...staticData, devices }
      : {};
  if (Object.keys(sharedChanges).length > 0) {
    state.push(sharedCardataWrite(vin, docs.shared, sharedChanges, now));
  }
  if (docs.latest) {
    const partial = {
      ...staticChanges(docs.latest.source, staticData),
      ...(sameDevices(docs.latest.source.devices ?? [], devices) ? {} : { devices }),
    };
    if (Object.keys(partial).length > 0) {
      state.push({
        action: 'update',
        index: 'latest_telemetry',
        id: vin,
        partial,
        ifUnchanged: docs.latest,
      });
    }
  }
  return { state, records: [] };
}
