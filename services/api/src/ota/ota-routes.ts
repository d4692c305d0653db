import {
  CancelJobCommand,
  ListJobExecutionsForJobCommand,
  ListJobsCommand,
  ListThingsInThingGroupCommand,
} from '@aws-sdk/client-iot';
import { JOB_EXECUTION_STATUSES, JOB_ID } from '@fleet/device-contract';
import type { DevicesDocument } from '@fleet/index-mappings';
import { z } from 'zod';
import { ApiError, badRequest, notFound } from '../http/api-error';
import { single } from '../http/query-params';
import { defineRoute } from '../http/route';
import { decodeNextToken, encodeNextToken, queryScope } from '../pagination/next-token';
import { nextTokenParam, pageSize } from '../vehicles/aggregate-vehicles';
import { createOtaJob } from './create-ota-job';
import { iotCall } from './iot-errors';
import {
  cancelRequest,
  createDeviceJobRequest,
  createJobRequest,
  deviceId,
  previewRequest,
} from './ota-job-request';
import { describeJob, jobDetail, jobDetailOf, jobSummary, summaryOf } from './ota-job-view';
import { resolveTargets } from './ota-targets';

/** The most devices one job may target; past it, split the rollout by filters. */
export const MAX_JOB_DEVICES = 10_000;
/** How many target devices a preview lists (it always counts them all). */
const PREVIEW_LIST = 1_000;

const JOB_STATUSES = [
  'IN_PROGRESS',
  'CANCELED',
  'COMPLETED',
  'DELETION_IN_PROGRESS',
  'SCHEDULED',
] as const;

const jobParams = z.object({
  jobId: z.string().regex(JOB_ID, 'must be an IoT job id'),
});

const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextToken: z.string().nullable() });

const iotToken = (scope: string, token: string | undefined) =>
  token ? encodeNextToken(scope, [token]) : null;

function previousIotToken(nextToken: string | undefined, scope: string): string | undefined {
  const after = decodeNextToken(nextToken, scope);
  return typeof after?.[0] === 'string' ? after[0] : undefined;
}

export const listJobs = defineRoute({
  operationId: 'listOtaJobs',
  method: 'GET',
  path: '/ota/jobs',
  summary: 'OTA jobs, newest first, with execution counts and progress',
  tag: 'ota',
  access: 'viewer',
  query: z
    .object({
      status: single(z.enum(JOB_STATUSES)).optional(),
      limit: pageSize(25, 10),
      nextToken: nextTokenParam,
    })
    .strict(),
  response: page(jobSummary),
  async handle({ query }, deps) {
    const scope = queryScope(['listOtaJobs', query.status, query.limit]);
    const listed = await iotCall(
      () =>
        deps.iot.send(
          new ListJobsCommand({
            status: query.status,
            maxResults: query.limit,
            nextToken: previousIotToken(query.nextToken, scope),
          }),
        ),
      'listing jobs',
    );
    // IoT lists have no counts; a page is at most 25 jobs, described in parallel.
    const jobs = await Promise.all(
      (listed.jobs ?? []).flatMap((job) => (job.jobId ? [describeJob(deps, job.jobId)] : [])),
    );
    return { items: jobs.map(summaryOf), nextToken: iotToken(scope, listed.nextToken) };
  },
});

export const previewJob = defineRoute({
  operationId: 'previewOtaJob',
  method: 'POST',
  path: '/ota/jobs/preview',
  summary: 'The devices a job with these filters would target, before creating it',
  tag: 'ota',
  access: 'engineer',
  body: previewRequest,
  response: z.object({
    vehicles: z.int(),
    devices: z.int(),
    upToDate: z.int(),
    /** More devices match than one job may target. */
    exceedsJobLimit: z.boolean(),
    items: z.array(
      z.object({ deviceId: z.string(), vin: z.string(), softwareVersion: z.string().nullable() }),
    ),
    truncated: z.boolean(),
  }),
  async handle({ body }, deps) {
    const targets = await resolveTargets(deps.search, body.filters, {
      desiredVersion: body.desiredVersion,
      maxDevices: MAX_JOB_DEVICES,
    });
    return {
      vehicles: targets.vehicles,
      devices: targets.devices.length,
      upToDate: targets.upToDate,
      exceedsJobLimit: targets.devices.length > MAX_JOB_DEVICES,
      items: targets.devices.slice(0, PREVIEW_LIST),
      truncated: targets.devices.length > PREVIEW_LIST,
    };
  },
});

async function knownDevices(deps: Parameters<typeof createOtaJob>[0], ids: readonly string[]) {
  const { body } = await deps.search.mget({ index: 'devices', body: { ids: [...ids] } });
  const docs = (
    body as unknown as { docs: { _id: string; found?: boolean; _source?: DevicesDocument }[] }
  ).docs;
  return new Set(docs.filter((doc) => doc.found).map((doc) => doc._id));
}

export const createJob = defineRoute({
  operationId: 'createOtaJob',
  method: 'POST',
  path: '/ota/jobs',
  summary: 'Create an OTA job for the devices matching filters, or for listed devices',
  tag: 'ota',
  access: 'engineer',
  status: 201,
  body: createJobRequest,
  response: jobDetail,
  async handle({ body, caller }, deps) {
    const { filters, deviceIds, ...settings } = body;
    let targets: string[];
    if (deviceIds) {
      const unique = [...new Set(deviceIds)];
      const known = await knownDevices(deps, unique);
      const unknown = unique.filter((id) => !known.has(id));
      if (unknown.length > 0) {
        throw badRequest([
          {
            field: 'deviceIds',
            in: 'body',
            message: `unknown devices: ${unknown.slice(0, 20).join(', ')}${unknown.length > 20 ? ', …' : ''}`,
          },
        ]);
      }
      targets = unique;
    } else {
      const resolved = await resolveTargets(deps.search, filters!, {
        desiredVersion: settings.desiredVersion,
        maxDevices: MAX_JOB_DEVICES,
      });
      if (resolved.devices.length > MAX_JOB_DEVICES) {
        throw badRequest([
          {
            field: 'filters',
            in: 'body',
            message: `match more than ${MAX_JOB_DEVICES} devices; narrow them and roll out in waves`,
          },
        ]);
      }
      targets = [...new Set(resolved.devices.map((device) => device.deviceId))];
    }
    if (targets.length === 0) {
      throw new ApiError(409, 'Conflict', 'no device needs this update: none match, or all run it');
    }
    const jobId = await createOtaJob(deps, targets, settings, caller?.username ?? 'unknown');
    return jobDetailOf(deps, jobId);
  },
});

export const createDeviceJob = defineRoute({
  operationId: 'createDeviceOtaJob',
  method: 'POST',
  path: '/ota/jobs/device/{deviceId}',
  summary: 'Create an OTA job for one device',
  tag: 'ota',
  access: 'engineer',
  status: 201,
  params: z.object({ deviceId }),
  body: createDeviceJobRequest,
  response: jobDetail,
  async handle({ params, body, caller }, deps) {
    if (!(await knownDevices(deps, [params.deviceId])).has(params.deviceId)) {
      throw notFound(`no device ${params.deviceId}`);
    }
    const jobId = await createOtaJob(deps, [params.deviceId], body, caller?.username ?? 'unknown');
    return jobDetailOf(deps, jobId);
  },
});

export const getJob = defineRoute({
  operationId: 'getOtaJob',
  method: 'GET',
  path: '/ota/jobs/{jobId}',
  summary: 'An OTA job: status, counts, progress, rollout, abort and targets',
  tag: 'ota',
  access: 'viewer',
  params: jobParams,
  response: jobDetail,
  handle: ({ params }, deps) => jobDetailOf(deps, params.jobId),
});

export const listJobDevices = defineRoute({
  operationId: 'listOtaJobDevices',
  method: 'GET',
  path: '/ota/jobs/{jobId}/devices',
  summary: "The devices a job targets (its things, or its thing groups' members)",
  tag: 'ota',
  access: 'viewer',
  params: jobParams,
  query: z.object({ limit: pageSize(250, 100), nextToken: nextTokenParam }).strict(),
  response: page(z.object({ deviceId: z.string(), via: z.string().nullable() })),
  async handle({ params, query }, deps) {
    const detail = await jobDetailOf(deps, params.jobId);
    const scope = queryScope(['listOtaJobDevices', params.jobId, query.limit]);
    const after = decodeNextToken(query.nextToken, scope);
    // The cursor is [group index, IoT token]; things named directly come first, in one page.
    const groupIndex = typeof after?.[0] === 'number' ? after[0] : -1;
    if (groupIndex < 0 && detail.targets.things.length > 0) {
      return {
        items: detail.targets.things.map((name) => ({ deviceId: name, via: null })),
        nextToken: detail.targets.thingGroups.length > 0 ? encodeNextToken(scope, [0, null]) : null,
      };
    }
    const index = Math.max(groupIndex, 0);
    const group = detail.targets.thingGroups[index];
    if (group === undefined) return { items: [], nextToken: null };
    const listed = await iotCall(
      () =>
        deps.iot.send(
          new ListThingsInThingGroupCommand({
            thingGroupName: group,
            maxResults: query.limit,
            nextToken: typeof after?.[1] === 'string' ? after[1] : undefined,
          }),
        ),
      `thing group ${group}`,
    );
    const nextToken = listed.nextToken
      ? encodeNextToken(scope, [index, listed.nextToken])
      : index + 1 < detail.targets.thingGroups.length
        ? encodeNextToken(scope, [index + 1, null])
        : null;
    return {
      items: (listed.things ?? []).map((name) => ({ deviceId: name, via: group })),
      nextToken,
    };
  },
});

export const listJobExecutions = defineRoute({
  operationId: 'listOtaJobExecutions',
  method: 'GET',
  path: '/ota/jobs/{jobId}/devices/status',
  summary: "Each target device's execution status",
  tag: 'ota',
  access: 'viewer',
  params: jobParams,
  query: z
    .object({
      status: single(z.enum(JOB_EXECUTION_STATUSES)).optional(),
      limit: pageSize(250, 100),
      nextToken: nextTokenParam,
    })
    .strict(),
  response: page(
    z.object({
      deviceId: z.string(),
      status: z.string(),
      executionNumber: z.number().nullable(),
      queuedAt: z.iso.datetime().nullable(),
      startedAt: z.iso.datetime().nullable(),
      updatedAt: z.iso.datetime().nullable(),
    }),
  ),
  async handle({ params, query }, deps) {
    const scope = queryScope(['listOtaJobExecutions', params.jobId, query.status, query.limit]);
    const listed = await iotCall(
      () =>
        deps.iot.send(
          new ListJobExecutionsForJobCommand({
            jobId: params.jobId,
            status: query.status,
            maxResults: query.limit,
            nextToken: previousIotToken(query.nextToken, scope),
          }),
        ),
      `job ${params.jobId}`,
    );
    const iso = (date: Date | undefined) => (date ? date.toISOString() : null);
    return {
      items: (listed.executionSummaries ?? []).map((execution) => {
        const summary = execution.jobExecutionSummary;
        const arn = execution.thingArn ?? '';
        return {
          deviceId: arn.slice(arn.lastIndexOf('/') + 1),
          status: summary?.status ?? 'UNKNOWN',
          executionNumber: summary?.executionNumber ?? null,
          queuedAt: iso(summary?.queuedAt),
          startedAt: iso(summary?.startedAt),
          updatedAt: iso(summary?.lastUpdatedAt),
        };
      }),
      nextToken: iotToken(scope, listed.nextToken),
    };
  },
});

export const cancelJob = defineRoute({
  operationId: 'cancelOtaJob',
  method: 'POST',
  path: '/ota/jobs/{jobId}/cancel',
  summary: 'Cancel a job: queued executions stop; in-progress ones too with force',
  tag: 'ota',
  access: 'engineer',
  params: jobParams,
  body: cancelRequest.optional().transform((request) => request ?? {}),
  response: jobDetail,
  async handle({ params, body, caller }, deps) {
    const by = caller?.username ?? 'unknown';
    await iotCall(
      () =>
        deps.iot.send(
          new CancelJobCommand({
            jobId: params.jobId,
            force: body.force ?? false,
            reasonCode: 'USER_CANCELED',
            comment: `${body.comment ? `${body.comment} ` : ''}(canceled by ${by})`.slice(0, 2028),
          }),
        ),
      `job ${params.jobId}`,
    );
    return jobDetailOf(deps, params.jobId);
  },
});

export const OTA_ROUTES = [
  listJobs,
  previewJob,
  createJob,
  createDeviceJob,
  getJob,
  listJobDevices,
  listJobExecutions,
  cancelJob,
];
