import type { DevicesDocument } from '@fleet/index-mappings';
import { planDeviceJobs } from '../../../src/ota/device-job-plan';
import {
  type JobExecutionEvent,
  parseJobExecutionEvent,
} from '../../../src/ota/job-execution-event';
import succeeded from '../../events/ota-succeeded.json';

const T = 1764501300; // epoch seconds, as AWS sends them

function event(change: object): JobExecutionEvent {
  const parsed = parseJobExecutionEvent({ payload: { ...succeeded, ...change } });
  if (!parsed.success) throw new Error(parsed.reason);
  return parsed.event;
}

const device: DevicesDocument = {
  deviceid: 'tcu-0001',
  thingname: 'tcu-0001',
  versionnumber: 1,
  vin: '1HGCM82633A004352',
  softwareversion: '1.2.3',
};

const versions = new Map([
  ['job-a', '2.0.0'],
  ['job-c', '3.0.0'],
]);

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

describe('planDeviceJobs', () => {
  it('records a success and the version its job installed', () => {
    const plan = planDeviceJobs(device, [event({ jobId: 'job-a', timestamp: T })], versions);
    expect(plan.outcomes).toEqual(['applied']);
    expect(plan.document).toEqual({
      ...device,
      softwareversion: '2.0.0',
      lastjobid: 'job-a',
      lastjobstatus: 'SUCCEEDED',
      lastjobupdatedat: iso(T),
    });
    expect(plan.vehicleSoftwareVersion).toBe('2.0.0');
  });

  it('records any other status without touching the software version', () => {
    const plan = planDeviceJobs(
      device,
      [event({ jobId: 'job-b', status: 'FAILED', timestamp: T })],
      versions,
    );
    expect(plan.document).toEqual({
      ...device,
      lastjobid: 'job-b',
      lastjobstatus: 'FAILED',
      lastjobupdatedat: iso(T),
    });
    expect(plan.vehicleSoftwareVersion).toBeUndefined();
  });

  it('applies a batch in time order, then QUEUED < IN_PROGRESS < final within a second', () => {
    const plan = planDeviceJobs(
      device,
      [
        event({ jobId: 'job-a', timestamp: T }),
        event({ jobId: 'job-a', status: 'IN_PROGRESS', timestamp: T }),
        event({ jobId: 'job-a', status: 'QUEUED', timestamp: T - 60 }),
      ],
      versions,
    );
    expect(plan.outcomes).toEqual(['applied', 'applied', 'applied']);
    expect(plan.document).toMatchObject({ lastjobstatus: 'SUCCEEDED', softwareversion: '2.0.0' });
  });

  it('counts a redelivered status as a duplicate and changes nothing', () => {
    const stored = planDeviceJobs(
      device,
      [event({ jobId: 'job-a', timestamp: T })],
      versions,
    ).document!;
    const plan = planDeviceJobs(stored, [event({ jobId: 'job-a', timestamp: T })], versions);
    expect(plan.outcomes).toEqual(['duplicate']);
    expect(plan.document).toBeUndefined();
    // The vehicle is still checked, in case its update failed the first time.
    expect(plan.vehicleSoftwareVersion).toBe('2.0.0');
  });

  it('never moves the last job back to an older event', () => {
    const stored: DevicesDocument = {
      ...device,
      softwareversion: '3.0.0',
      lastjobid: 'job-c',
      lastjobstatus: 'SUCCEEDED',
      lastjobupdatedat: iso(T + 600),
    };
    const plan = planDeviceJobs(
      stored,
      [
        event({ jobId: 'job-a', timestamp: T }),
        event({ jobId: 'job-b', status: 'FAILED', timestamp: T }),
      ],
      versions,
    );
    expect(plan.outcomes).toEqual(['stale', 'stale']);
    expect(plan.document).toBeUndefined();
    expect(plan.vehicleSoftwareVersion).toBe('3.0.0');
  });

  it('takes the version of a late success when nothing newer succeeded', () => {
    const stored: DevicesDocument = {
      ...device,
      lastjobid: 'job-b',
      lastjobstatus: 'FAILED',
      lastjobupdatedat: iso(T + 600),
    };
    const plan = planDeviceJobs(stored, [event({ jobId: 'job-a', timestamp: T })], versions);
    expect(plan.outcomes).toEqual(['stale']);
    expect(plan.document).toEqual({ ...stored, softwareversion: '2.0.0' });
  });

  it('ignores a job deletion', () => {
    const plan = planDeviceJobs(
      device,
      [event({ jobId: 'job-a', operation: 'deleted', timestamp: T })],
      versions,
    );
    expect(plan).toEqual({
      outcomes: ['ignored'],
      document: undefined,
      vehicleSoftwareVersion: undefined,
    });
  });
});
