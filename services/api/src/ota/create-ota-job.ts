import {
  AddThingToThingGroupCommand,
  type CreateJobCommandInput,
  CreateJobCommand,
  CreateThingGroupCommand,
} from '@aws-sdk/client-iot';
import { OTA_JOB_OPERATION, type OtaJobDocument } from '@fleet/device-contract';
import { randomUUID } from 'node:crypto';
import type { ApiDeps } from '../api-deps';
import { iotCall } from './iot-errors';
import type { JobSettings } from './ota-job-request';

/** IoT's limit on a job's `targets`; larger jobs target a thing group made for them. */
export const MAX_DIRECT_TARGETS = 100;
/** Adding things to a group is one call each; this many run at once. */
const GROUP_ADD_CONCURRENCY = 16;

/** `ota-{version}-{random}`: readable in the console, unique, and within IoT's job id pattern. */
export function newJobId(desiredVersion: string): string {
  const version = desiredVersion.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 24);
  return `ota-${version}-${randomUUID().slice(0, 13)}`;
}

export const thingArn = (deps: Pick<ApiDeps, 'iotArnPrefix'>, thingName: string) =>
  `${deps.iotArnPrefix}:thing/${thingName}`;

export function jobConfig(settings: JobSettings): Partial<CreateJobCommandInput> {
  const { rollout, abort, timeoutMinutes } = settings;
  return {
    ...(rollout
      ? {
          jobExecutionsRolloutConfig:
            'maximumPerMinute' in rollout
              ? { maximumPerMinute: rollout.maximumPerMinute }
              : { exponentialRate: rollout.exponential },
        }
      : {}),
    ...(abort
      ? {
          abortConfig: {
            criteriaList: [
              {
                failureType: 'ALL',
                action: 'CANCEL',
                thresholdPercentage: abort.failureThresholdPercentage,
                minNumberOfExecutedThings: abort.minNumberOfExecutedThings,
              },
            ],
          },
        }
      : {}),
    ...(timeoutMinutes ? { timeoutConfig: { inProgressTimeoutInMinutes: timeoutMinutes } } : {}),
  };
}

async function inBatches<T>(items: readonly T[], size: number, run: (item: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += size) {
    await Promise.all(items.slice(i, i + size).map(run));
  }
}

/**
 * Creates the IoT job for these devices. Up to IoT's target limit the things are the targets;
 * beyond it a static thing group is created for the job and the things are added to it first.
 */
export async function createOtaJob(
  deps: ApiDeps,
  deviceIds: readonly string[],
  settings: JobSettings,
  createdBy: string,
): Promise<string> {
  const jobId = newJobId(settings.desiredVersion);
  let targets: string[];
  if (deviceIds.length <= MAX_DIRECT_TARGETS) {
    targets = deviceIds.map((id) => thingArn(deps, id));
  } else {
    const group = await iotCall(
      () =>
        deps.iot.send(
          new CreateThingGroupCommand({
            thingGroupName: jobId,
            thingGroupProperties: { thingGroupDescription: `Targets of OTA job ${jobId}` },
          }),
        ),
      'creating the job thing group',
    );
    await inBatches(deviceIds, GROUP_ADD_CONCURRENCY, async (thingName) => {
      await iotCall(
        () => deps.iot.send(new AddThingToThingGroupCommand({ thingGroupName: jobId, thingName })),
        `adding ${thingName} to the job thing group`,
      );
    });
    targets = [group.thingGroupArn ?? `${deps.iotArnPrefix}:thinggroup/${jobId}`];
  }
  const document: OtaJobDocument = {
    operation: OTA_JOB_OPERATION,
    desiredVersion: settings.desiredVersion,
  };
  await iotCall(
    () =>
      deps.iot.send(
        new CreateJobCommand({
          jobId,
          targets,
          document: JSON.stringify(document),
          description:
            settings.description ?? `Update to ${settings.desiredVersion} (by ${createdBy})`,
          targetSelection: 'SNAPSHOT',
          ...jobConfig(settings),
        }),
      ),
    'creating the job',
  );
  return jobId;
}
