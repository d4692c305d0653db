import { z } from 'zod';
import type { RestJsonInput, RestJsonOutput, RestJsonRoute } from '../edge/rest-json-route';
import { engineRoute } from './engine-route';
import type { JobsEngine } from './jobs-engine';
import {
  describeExecutionQuerySchema,
  jobIdSchema,
  startNextBodySchema,
  thingNameSchema,
  updateExecutionBodySchema,
} from './request-schemas';
import { parseRequest, queryObject } from './request-validation';
import {
  dataExecutionSummaryView,
  dataExecutionView,
  documentView,
  executionStateView,
} from './wire-shapes';

const thingParams = z.object({ thingName: thingNameSchema });
const executionParams = z.object({ jobId: jobIdSchema, thingName: thingNameSchema });
/** DescribeJobExecution also takes `$next`: the thing's next pending execution. */
const describeParams = z.object({
  jobId: z.union([z.literal('$next'), jobIdSchema]),
  thingName: thingNameSchema,
});

/**
 * The jobs data plane over HTTP (signing name `iot-jobs-data`), with the paths and members of
 * `@aws-sdk/client-iot-jobs-data-plane`. Times are whole epoch seconds; the job document is
 * its text.
 */
export function dataPlaneRoutes(engine: JobsEngine): RestJsonRoute[] {
  const route = (
    operation: string,
    method: RestJsonRoute['method'],
    path: string,
    handle: (input: RestJsonInput) => RestJsonOutput,
  ): RestJsonRoute => engineRoute(engine, operation, method, path, handle);

  return [
    route('GetPendingJobExecutions', 'GET', '/things/{thingName}/jobs', (input) => {
      const { thingName } = parseRequest(thingParams, input.params, 'path');
      const { inProgress, queued } = engine.pendingExecutions(thingName);
      return {
        body: {
          inProgressJobs: inProgress.map(dataExecutionSummaryView),
          queuedJobs: queued.map(dataExecutionSummaryView),
        },
      };
    }),

    route('StartNextPendingJobExecution', 'PUT', '/things/{thingName}/jobs/$next', (input) => {
      const { thingName } = parseRequest(thingParams, input.params, 'path');
      const request = parseRequest(startNextBodySchema, input.body ?? {});
      const started = engine.startNext(thingName, request);
      return {
        body: {
          execution:
            started && dataExecutionView(started.job, started.execution, engine.now(), 'text'),
        },
      };
    }),

    route('DescribeJobExecution', 'GET', '/things/{thingName}/jobs/{jobId}', (input) => {
      const { jobId, thingName } = parseRequest(describeParams, input.params, 'path');
      const { executionNumber, includeJobDocument } = parseRequest(
        describeExecutionQuerySchema,
        queryObject(input.query),
        'query',
      );
      const found =
        jobId === '$next'
          ? engine.nextPending(thingName)
          : engine.getExecution(jobId, thingName, executionNumber);
      if (!found) return { body: {} };
      const encoding = (includeJobDocument ?? true) ? 'text' : undefined;
      return {
        body: { execution: dataExecutionView(found.job, found.execution, engine.now(), encoding) },
      };
    }),

    route('UpdateJobExecution', 'POST', '/things/{thingName}/jobs/{jobId}', (input) => {
      const { jobId, thingName } = parseRequest(executionParams, input.params, 'path');
      const request = parseRequest(updateExecutionBodySchema, input.body ?? {});
      const { job, execution } = engine.updateExecution(jobId, thingName, request);
      return {
        body: {
          executionState: request.includeJobExecutionState
            ? executionStateView(execution)
            : undefined,
          jobDocument: request.includeJobDocument ? documentView(job, 'text') : undefined,
        },
      };
    }),
  ];
}
