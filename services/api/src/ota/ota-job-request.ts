import { z } from 'zod';
import { vehicleFiltersBody } from '../vehicles/vehicle-filters';

/** IoT thing names: what device ids are. */
export const deviceId = z.string().regex(/^[a-zA-Z0-9:_-]{1,128}$/, 'must be an IoT thing name');

/** A software version as devices report it. */
export const softwareVersion = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/, 'must be a version such as 2.4.0');

export const rollout = z.union([
  z
    .object({ maximumPerMinute: z.int().min(1).max(1000) })
    .strict()
    .meta({ description: 'At most this many devices are notified per minute.' }),
  z
    .object({
      exponential: z
        .object({
          baseRatePerMinute: z.int().min(1).max(1000),
          incrementFactor: z.number().min(1.1).max(5),
          rateIncreaseCriteria: z.union([
            z.object({ numberOfNotifiedThings: z.int().min(1) }).strict(),
            z.object({ numberOfSucceededThings: z.int().min(1) }).strict(),
          ]),
        })
        .strict(),
    })
    .strict()
    .meta({ description: 'Start slow and speed up as devices are notified or succeed.' }),
]);

export const abort = z
  .object({
    failureThresholdPercentage: z.number().min(0).max(100),
    minNumberOfExecutedThings: z.int().min(1),
  })
  .strict()
  .meta({
    description:
      'Cancel the job once this share of executed devices failed, rejected or timed out.',
  });

const jobSettings = {
  desiredVersion: softwareVersion,
  rollout: rollout.optional(),
  abort: abort.optional(),
  /** Minutes a device may stay IN_PROGRESS before its execution TIMED_OUT. */
  timeoutMinutes: z.int().min(1).max(10_080).optional(),
  description: z.string().trim().max(2_000).optional(),
};
export type JobSettings = {
  readonly desiredVersion: string;
  readonly rollout?: z.output<typeof rollout>;
  readonly abort?: z.output<typeof abort>;
  readonly timeoutMinutes?: number;
  readonly description?: string;
};

/** `POST /ota/jobs`: targets by filters or by device ids, never both. */
export const createJobRequest = z
  .object({
    ...jobSettings,
    filters: vehicleFiltersBody.optional(),
    deviceIds: z.array(deviceId).min(1).max(10_000).optional(),
  })
  .strict()
  .superRefine((request, ctx) => {
    if ((request.filters === undefined) === (request.deviceIds === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['filters'],
        message: 'give either filters or deviceIds',
      });
    }
  });

/** `POST /ota/jobs/device/{deviceId}`. */
export const createDeviceJobRequest = z.object(jobSettings).strict();

/** `POST /ota/jobs/preview`. */
export const previewRequest = z
  .object({
    filters: vehicleFiltersBody,
    desiredVersion: softwareVersion
      .optional()
      .meta({ description: 'Leave out devices already on this version.' }),
  })
  .strict();

export const cancelRequest = z
  .object({
    /** Also cancel executions already IN_PROGRESS. */
    force: z.boolean().optional(),
    comment: z.string().trim().max(1_000).optional(),
  })
  .strict();
