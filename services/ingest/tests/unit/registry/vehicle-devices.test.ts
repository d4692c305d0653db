import type { LatestTelemetryDocument, SharedCardataDocument } from '@fleet/index-mappings';
import type { StoredDocument } from '../../../src/search/document-store';
import type { VehicleDocuments } from '../../../src/search/vehicle-updates';
import {
  planVehicleDevices,
  withDevice,
  withoutDevice,
} from '../../../src/registry/vehicle-devices';

const VIN = '1HGCM82633A004352';
const NOW = '2026-12-01T00:00:00.000Z';

const stored = <T>(source: T, seqNo = 7): StoredDocument<T> => ({ source, seqNo, primaryTerm: 1 });

const shared = (source: Partial<SharedCardataDocument>) =>
  stored<SharedCardataDocument>({ vin: VIN, ...source });

const latest = (source: Partial<LatestTelemetryDocument>) =>
  stored(
    { vin: VIN, deviceid: 'tcu-0001', messageid: 'm1', ...source } as LatestTelemetryDocument,
    9,
  );

describe('device list helpers', () => {
  const list = [{ deviceid: 'a', softwareversion: '1' }, { deviceid: 'b' }];

  it('replace a device in place, or append it, keeping the others', () => {
    expect(withDevice(list, { deviceid: 'a', softwareversion: '2' })).toEqual([
      { deviceid: 'a', softwareversion: '2' },
      { deviceid: 'b' },
    ]);
    expect(withDevice(list, { deviceid: 'c' })).toEqual([...list, { deviceid: 'c' }]);
    expect(withoutDevice(list, 'a')).toEqual([{ deviceid: 'b' }]);
  });
});

describe('planVehicleDevices', () => {
  const tcu1 = {
    deviceid: 'tcu-0001',
    vin: VIN,
    softwareversion: '1.2.3',
    staticData: { make: 'Honda', model: 'Accord', year: 2021, colour: 'Blue' },
  };

  it('creates the vehicle when it has no shared_cardata yet', () => {
    expect(planVehicleDevices(VIN, {}, [tcu1], NOW)).toEqual({
      state: [
        {
          action: 'create',
          index: 'shared_cardata',
          id: VIN,
          document: {
            vin: VIN,
            make: 'Honda',
            model: 'Accord',
            year: 2021,
            colour: 'Blue',
            devices: [{ deviceid: 'tcu-0001', softwareversion: '1.2.3' }],
            createdat: NOW,
            updatedat: NOW,
          },
        },
      ],
      records: [],
    });
  });

  it('updates only what changed, keeping other devices, and mirrors it onto latest_telemetry', () => {
    const docs: VehicleDocuments = {
      shared: shared({
        make: 'Honda',
        model: 'Accord',
        year: 2021,
        colour: 'Red',
        devices: [{ deviceid: 'tcu-0002', softwareversion: '9.0' }],
        trouble_codes: [{ code: 'P0300', sendtimestamp: NOW }],
      }),
      latest: latest({
        colour: 'Red',
        devices: [{ deviceid: 'tcu-0002', softwareversion: '9.0' }],
      }),
    };
    const devices = [
      { deviceid: 'tcu-0002', softwareversion: '9.0' },
      { deviceid: 'tcu-0001', softwareversion: '1.2.3' },
    ];
    expect(planVehicleDevices(VIN, docs, [tcu1], NOW).state).toEqual([
      {
        action: 'update',
        index: 'shared_cardata',
        id: VIN,
        partial: { colour: 'Blue', devices, updatedat: NOW },
        ifUnchanged: docs.shared,
      },
      {
        action: 'update',
        index: 'latest_telemetry',
        id: VIN,
        partial: { make: 'Honda', model: 'Accord', year: 2021, colour: 'Blue', devices },
        ifUnchanged: docs.latest,
      },
    ]);
  });

  it('removes a device that now belongs elsewhere and leaves the static data', () => {
    const docs: VehicleDocuments = {
      shared: shared({
        make: 'Honda',
        devices: [{ deviceid: 'tcu-0001' }, { deviceid: 'tcu-0002' }],
      }),
    };
    const moved = { ...tcu1, vin: 'WVWZZZ1JZXW000001' };
    expect(planVehicleDevices(VIN, docs, [moved], NOW).state).toEqual([
      {
        action: 'update',
        index: 'shared_cardata',
        id: VIN,
        partial: { devices: [{ deviceid: 'tcu-0002' }], updatedat: NOW },
        ifUnchanged: docs.shared,
      },
    ]);
    const gone = { deviceid: 'tcu-0001' };
    expect(planVehicleDevices(VIN, docs, [gone], NOW).state).toHaveLength(1);
  });

  it('writes nothing when the vehicle already says so, so a redelivery is free', () => {
    const docs: VehicleDocuments = {
      shared: shared({
        make: 'Honda',
        model: 'Accord',
        year: 2021,
        colour: 'Blue',
        devices: [{ deviceid: 'tcu-0001', softwareversion: '1.2.3' }],
      }),
    };
    expect(planVehicleDevices(VIN, docs, [tcu1], NOW).state).toEqual([]);
    expect(planVehicleDevices(VIN, {}, [{ deviceid: 'tcu-0001' }], NOW).state).toEqual([]);
  });
});
