import { documentSchemas } from '../../src';

// A CVRA cardata message after lowercasing and the ingest join, as latest_telemetry stores it.
const latestTelemetry = {
  messageid: '5AZMJ59WXHD10002-2020-04-06T18:27:54.762Z',
  simulationid: 'fMtUITZgG',
  vin: '5AZMJ59WXHD10002',
  deviceid: 'vehicle-0001',
  tripid: 'trip-1',
  driverid: '',
  name: 'syehYE83l',
  creationtimestamp: '2020-04-06T18:27:54.762Z',
  sendtimestamp: '2020-04-06T18:27:54.762Z',
  receivedat: 1586197674900,
  geolocation: {
    latitude: 47.599,
    longitude: -122.401,
    altitude: 0,
    heading: 76.4,
    speed: 52.2,
    location: { lat: 47.599, lon: -122.401 },
  },
  communications: {
    gsm: { satelites: '', fix: '', networktype: '', mnc: '', mcc: '', lac: '', cid: '' },
    wifi: { networkid: '' },
    wired: { networkid: '' },
  },
  acceleration: { maxlongitudinal: { axis: 0, value: 14.8 }, maxlateral: { axis: 0, value: 3.1 } },
  throttle: { max: 27, average: 0 },
  speed: { max: 52.2, average: 0 },
  odometer: { metres: 131497.02, ticksfl: 0, ticksfr: 0, ticksrl: 0, ticksrr: 0 },
  fuel: 61.5,
  fuelinfo: { currenttripconsumption: 1.07, tankcapacity: 55 },
  oiltemp: 96.6,
  ignitionstatus: 'run',
  make: 'Volvo',
  model: 'XC60',
  year: 2021,
  colour: 'blue',
  devices: [{ deviceid: 'vehicle-0001', softwareversion: '1.4.2' }],
  trouble_codes: [{ code: 'P0301', deviceid: 'vehicle-0001', sendtimestamp: 1586197600000 }],
  anomalies: [
    {
      anomalyid: 'm1:over_speed',
      anomaly_type: 'over_speed',
      value: 152,
      threshold: 130,
      sendtimestamp: '2020-04-06T18:26:00+02:00',
    },
  ],
};

describe('document schemas accept what the system stores', () => {
  it('accepts a full latest_telemetry document, and the cardata part of it', () => {
    expect(documentSchemas.latest_telemetry.safeParse(latestTelemetry).error).toBeUndefined();
    const { trouble_codes: _codes, anomalies: _anomalies, ...cardata } = latestTelemetry;
    expect(documentSchemas.cardata.safeParse(cardata).error).toBeUndefined();
  });

  it('accepts an event whose alert has any inner keys', () => {
    const event = {
      messageid: 'm2',
      vin: latestTelemetry.vin,
      deviceid: 'vehicle-0001',
      sendtimestamp: '2020-04-06T18:30:00.000Z',
      eventtype: 'tyre_pressure',
      alert: { type: 'tyre_pressure', wheel: 'fl', kpa: 180, nested: { any: ['thing'] } },
    };
    expect(documentSchemas.event.safeParse(event).error).toBeUndefined();
  });

  it.each([
    ['a missing vin', { vin: undefined }],
    ['a timestamp without a zone', { sendtimestamp: '2020-04-06 18:27:54' }],
    ['a latitude out of range', { geolocation: { ...latestTelemetry.geolocation, latitude: 91 } }],
    ['a fractional year', { year: 2021.5 }],
    [
      'an unknown anomaly type',
      { anomalies: [{ ...latestTelemetry.anomalies[0], anomaly_type: 'x' }] },
    ],
  ])('rejects %s', (_what, change) => {
    const result = documentSchemas.latest_telemetry.safeParse({ ...latestTelemetry, ...change });
    expect(result.success).toBe(false);
  });
});
