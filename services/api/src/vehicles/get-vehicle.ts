import type {
  DevicesDocument,
  LatestTelemetryDocument,
  SharedCardataDocument,
} from '@fleet/index-mappings';
import { ANOMALY_TYPES } from '@fleet/index-mappings';
import { z } from 'zod';
import { notFound } from '../http/api-error';
import { defineRoute } from '../http/route';
import { toIso } from './stored-vehicle';
import { vehicleStatus } from './vehicle-status';
import { STATUS_COLOURS } from './vehicle-status';
import { latLon, positionOf, statusOf } from './vehicle-summary';
import { vinParams } from './vin-param';

const isoOrNull = z.iso.datetime().nullable();

export const vehicleDetail = z.object({
  vin: z.string(),
  make: z.string().nullable(),
  model: z.string().nullable(),
  year: z.number().int().nullable(),
  colour: z.string().nullable(),
  status: vehicleStatus,
  statusColour: z.string(),
  devices: z.array(
    z.object({
      deviceId: z.string(),
      softwareVersion: z.string().nullable(),
      thingTypeName: z.string().nullable(),
      lastJob: z
        .object({ jobId: z.string(), status: z.string().nullable(), updatedAt: isoOrNull })
        .nullable(),
    }),
  ),
  latestTelemetry: z
    .object({
      deviceId: z.string(),
      messageId: z.string(),
      sendTimestamp: isoOrNull,
      tripId: z.string().nullable(),
      position: latLon.nullable(),
      altitude: z.number().nullable(),
      heading: z.number().nullable(),
      speedKmh: z.number().nullable(),
      fuelPercent: z.number().nullable(),
      oilTempCelsius: z.number().nullable(),
      odometerMetres: z.number().nullable(),
      ignitionStatus: z.string().nullable(),
    })
    .nullable(),
  troubleCodes: z.array(
    z.object({ code: z.string(), deviceId: z.string().nullable(), since: isoOrNull }),
  ),
  anomalies: z.array(
    z.object({
      anomalyId: z.string(),
      type: z.enum(ANOMALY_TYPES),
      value: z.number(),
      threshold: z.number(),
      tripId: z.string().nullable(),
      since: isoOrNull,
    }),
  ),
  updatedAt: isoOrNull,
});

interface MgetBody<T> {
  readonly docs: readonly { readonly found?: boolean; readonly _source?: T }[];
}

function toLatestTelemetry(latest: LatestTelemetryDocument) {
  const geo = latest.geolocation;
  return {
    deviceId: latest.deviceid,
    messageId: latest.messageid,
    sendTimestamp: toIso(latest.sendtimestamp),
    tripId: latest.tripid ?? null,
    position: positionOf(latest),
    altitude: geo.altitude ?? null,
    heading: geo.heading ?? null,
    speedKmh: geo.speed ?? null,
    fuelPercent: latest.fuel ?? null,
    oilTempCelsius: latest.oiltemp ?? null,
    odometerMetres: latest.odometer?.metres ?? null,
    ignitionStatus: latest.ignitionstatus ?? null,
  };
}

/** A vehicle's whole picture: static data, devices and their software, latest telemetry, issues. */
export const getVehicle = defineRoute({
  operationId: 'getVehicle',
  method: 'GET',
  path: '/vehicles/{vin}',
  summary: 'Static data, devices and software versions, latest telemetry, trouble codes, anomalies',
  tag: 'vehicles',
  access: 'viewer',
  params: vinParams,
  response: vehicleDetail,
  async handle({ params }, deps) {
    const { vin } = params;
    const vehicleDocs = await deps.search.mget({
      body: {
        docs: [
          { _index: 'shared_cardata', _id: vin },
          { _index: 'latest_telemetry', _id: vin },
        ],
      },
    });
    const [sharedDoc, latestDoc] = (vehicleDocs.body as unknown as MgetBody<unknown>).docs;
    const shared = sharedDoc?.found ? (sharedDoc._source as SharedCardataDocument) : undefined;
    const latest = latestDoc?.found ? (latestDoc._source as LatestTelemetryDocument) : undefined;
    const vehicle = shared ?? latest;
    if (!vehicle) throw notFound(`no vehicle ${vin}`);

    const deviceIds = (vehicle.devices ?? []).map((device) => device.deviceid);
    const devices =
      deviceIds.length === 0
        ? []
        : (
            (
              await deps.search.mget({
                index: 'devices',
                body: { ids: deviceIds },
              })
            ).body as unknown as MgetBody<DevicesDocument>
          ).docs;
    const deviceById = new Map(
      devices.flatMap((doc) =>
        doc.found && doc._source ? [[doc._source.deviceid, doc._source]] : [],
      ),
    );
    // Latest telemetry carries the position; shared_cardata is authoritative for everything else.
    const state = {
      ...vehicle,
      geolocation: latest?.geolocation,
      sendtimestamp: latest?.sendtimestamp,
    };
    const status = statusOf(state, deps);
    return {
      vin,
      make: vehicle.make ?? null,
      model: vehicle.model ?? null,
      year: vehicle.year ?? null,
      colour: vehicle.colour ?? null,
      status,
      statusColour: STATUS_COLOURS[status],
      devices: (vehicle.devices ?? []).map((device) => {
        const stored = deviceById.get(device.deviceid);
        return {
          deviceId: device.deviceid,
          softwareVersion: stored?.softwareversion ?? device.softwareversion ?? null,
          thingTypeName: stored?.thingtypename ?? null,
          lastJob: stored?.lastjobid
            ? {
                jobId: stored.lastjobid,
                status: stored.lastjobstatus ?? null,
                updatedAt: toIso(stored.lastjobupdatedat),
              }
            : null,
        };
      }),
      latestTelemetry: latest ? toLatestTelemetry(latest) : null,
      troubleCodes: (vehicle.trouble_codes ?? []).map((code) => ({
        code: code.code,
        deviceId: code.deviceid ?? null,
        since: toIso(code.sendtimestamp),
      })),
      anomalies: (vehicle.anomalies ?? []).map((anomaly) => ({
        anomalyId: anomaly.anomalyid,
        type: anomaly.anomaly_type,
        value: anomaly.value,
        threshold: anomaly.threshold,
        tripId: anomaly.tripid ?? null,
        since: toIso(anomaly.sendtimestamp),
      })),
      updatedAt: toIso(vehicle.updatedat),
    };
  },
});
