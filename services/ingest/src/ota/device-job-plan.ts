import type { DevicesDocument } from '@fleet/index-mappings';
import { timestampMs } from '../message-batch';
import { type JobExecutionEvent, compareJobEvents } from './job-execution-event';

/**
 * What became of one event: `applied` is now the device's last job status; `duplicate` is the
 * status already recorded; `stale` is older than it; `ignored` says nothing about the device
 * (a job deletion).
 */
export type JobEventOutcome = 'applied' | 'duplicate' | 'stale' | 'ignored';

export interface DeviceJobPlan {
  /** One per event, in the order given. */
  readonly outcomes: readonly JobEventOutcome[];
  /** The device's new document; undefined when the events change nothing. */
  readonly document?: DevicesDocument;
  /**
   * Set when the batch holds a success for the device: the version its vehicle's device entry
   * must show (also after a redelivery, so a vehicle update that failed once is made good).
   */
  readonly vehicleSoftwareVersion?: string;
}

/**
 * Applies one device's job execution events to its `devices` document. The newest event (by
 * time, then QUEUED < IN_PROGRESS < final) sets `lastjobid`, `lastjobstatus` and
 * `lastjobupdatedat`; an older one never moves them back. A SUCCEEDED sets `softwareversion` to
 * its job's `desiredVersion`, even when late, unless the newest recorded event is itself a
 * success (a later install): the device does run what an older success installed when all that
 * came after it failed or has not finished.
 *
 * `desiredVersions` holds the document's `desiredVersion` of every SUCCEEDED event's job.
 */
export function planDeviceJobs(
  stored: DevicesDocument,
  events: readonly JobExecutionEvent[],
  desiredVersions: ReadonlyMap<string, string>,
): DeviceJobPlan {
  const order = events.map((_, i) => i).sort((a, b) => compareJobEvents(events[a]!, events[b]!));
  const outcomes = new Array<JobEventOutcome>(events.length);
  let device: DevicesDocument = stored;
  let newest =
    stored.lastjobupdatedat === undefined
      ? undefined
      : { at: timestampMs(stored.lastjobupdatedat), status: stored.lastjobstatus };
  let succeeded = false;
  for (const i of order) {
    const event = events[i]!;
    if (event.deletion) {
      outcomes[i] = 'ignored';
      continue;
    }
    const desired = event.status === 'SUCCEEDED' ? desiredVersions.get(event.jobId) : undefined;
    if (event.status === 'SUCCEEDED') succeeded = true;
    const age = newest === undefined ? 1 : compareJobEvents(event, newest);
    if (age === 0 && device.lastjobid === event.jobId && device.lastjobstatus === event.status) {
      outcomes[i] = 'duplicate';
    } else if (age <= 0) {
      outcomes[i] = 'stale';
      if (desired !== undefined && device.lastjobstatus !== 'SUCCEEDED') {
        device = { ...device, softwareversion: desired };
      }
    } else {
      outcomes[i] = 'applied';
      newest = { at: event.at, status: event.status };
      device = {
        ...device,
        lastjobid: event.jobId,
        lastjobstatus: event.status,
        lastjobupdatedat: new Date(event.at).toISOString(),
        ...(desired === undefined ? {} : { softwareversion: desired }),
      };
    }
  }
  const changed =
    device.softwareversion !== stored.softwareversion ||
    device.lastjobid !== stored.lastjobid ||
    device.lastjobstatus !== stored.lastjobstatus ||
    device.lastjobupdatedat !== stored.lastjobupdatedat;
  return {
    outcomes,
    document: changed ? device : undefined,
    vehicleSoftwareVersion: succeeded ? device.softwareversion : undefined,
  };
}
