import { z } from 'zod';

/** The `operation` of every job document the fleet API creates for a software update. */
export const OTA_JOB_OPERATION = 'ota_update';

/**
 * The document of an OTA job (what `CreateJob` is given, and `GetJobDocument` returns):
 *
 * ```json
 * { "operation": "ota_update", "desiredVersion": "2.4.0", "...": "anything else the device needs" }
 * ```
 *
 * `desiredVersion` is the software version a device runs once its execution SUCCEEDED; the OTA
 * handler copies it to the device and its vehicle. Other keys (download URL, checksum, …) are
 * the device agent's business and are kept as they are.
 */
export const otaJobDocument = z.looseObject({
  operation: z.literal(OTA_JOB_OPERATION, { error: `must be "${OTA_JOB_OPERATION}"` }),
  desiredVersion: z
    .string({ error: 'must be a string' })
    .trim()
    .min(1, 'must not be empty')
    .max(128, 'must be at most 128 characters'),
});
export type OtaJobDocument = z.infer<typeof otaJobDocument>;

/** IoT job execution statuses, as job execution events and the Jobs APIs report them. */
export const JOB_EXECUTION_STATUSES = [
  'QUEUED',
  'IN_PROGRESS',
  'SUCCEEDED',
  'FAILED',
  'TIMED_OUT',
  'REJECTED',
  'REMOVED',
  'CANCELED',
] as const;
export type JobExecutionStatus = (typeof JOB_EXECUTION_STATUSES)[number];

/** IoT job ids: 1-64 letters, digits, `_` and `-`. */
export const JOB_ID = /^[A-Za-z0-9_-]{1,64}$/;
