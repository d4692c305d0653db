import { z } from 'zod';
import type { RestJsonInput, RestJsonOutput, RestJsonRoute } from '../edge/rest-json-route';
import { engineRoute } from './engine-route';
import type { JobsEngine } from './jobs-engine';
import { paginate } from './pagination';
import {
  beforeSubstitutionQuerySchema,
  cancelExecutionBodySchema,
  cancelJobBodySchema,
  createJobBodySchema,
  describeExecutionQuerySchema,
  forceQuerySchema,
  jobIdSchema,
  listExecutionsQuerySchema,
  listJobsQuerySchema,
  thingNameSchema,
} from './request-schemas';
import { parseRequest, queryObject } from './request-validation';
import {
  controlExecutionSummaryView,
  controlExecutionView,
  describeJobView,
  jobSummaryView,
} from './wire-shapes';

const jobParams = z.object({ jobId: jobIdSchema });
const thingParams = z.object({ thingName: thingNameSchema });
const executionParams = z.object({ jobId: jobIdSchema, thingName: thingNameSchema });

const params = <T>(schema: z.ZodType<T>, input: RestJsonInput) =>
  parseRequest(schema, input.params, 'path');
const query = <T>(schema: z.ZodType<T>, input: RestJsonInput) =>
  parseRequest(schema, queryObject(input.query), 'query');
const body = <T>(schema: z.ZodType<T>, input: RestJsonInput) =>
  parseRequest(schema, input.body ?? {});

/**
 * The IoT control plane's job operations (signing name `iot`), with the paths, query names and
 * members of `@aws-sdk/client-iot`'s restJson1 model.
 */
export function controlPlaneRoutes(engine: JobsEngine): RestJsonRoute[] {
  const route = (
    operation: string,
    method: RestJsonRoute['method'],
    path: string,
    handle: (input: RestJsonInput) => RestJsonOutput,
  ): RestJsonRoute => engineRoute(engine, operation, method, path, handle);

  return [
    route('CreateJob', 'PUT', '/jobs/{jobId}', (input) => {
      const { jobId } = params(jobParams, input);
      const job = engine.createJob(jobId, body(createJobBodySchema, input));
      return { body: { jobArn: job.jobArn, jobId: job.jobId, description: job.description } };
    }),

    route('DescribeJob', 'GET', '/jobs/{jobId}', (input) => {
      const { jobId } = params(jobParams, input);
      query(beforeSubstitutionQuerySchema, input);
      const job = engine.getJob(jobId);
      return { body: { job: describeJobView(job, engine.statusCounts(jobId)) } };
    }),

    route('GetJobDocument', 'GET', '/jobs/{jobId}/job-document', (input) => {
      const { jobId } = params(jobParams, input);
      query(beforeSubstitutionQuerySchema, input);
      return { body: { document: engine.getJob(jobId).document } };
    }),

    route('ListJobs', 'GET', '/jobs', (input) => {
      const filter = query(listJobsQuerySchema, input);
      const { page, nextToken } = paginate(
        engine.listJobs(filter),
        filter.maxResults,
        filter.nextToken,
      );
      return { body: { jobs: page.map(jobSummaryView), nextToken } };
    }),

    route('CancelJob', 'PUT', '/jobs/{jobId}/cancel', (input) => {
      const { jobId } = params(jobParams, input);
      const { force } = query(forceQuerySchema, input);
      const { reasonCode, comment } = body(cancelJobBodySchema, input);
      const job = engine.cancelJob(jobId, { force: force ?? false, reasonCode, comment });
      return { body: { jobArn: job.jobArn, jobId: job.jobId, description: job.description } };
    }),

    route('DeleteJob', 'DELETE', '/jobs/{jobId}', (input) => {
      const { jobId } = params(jobParams, input);
      const { force } = query(forceQuerySchema, input);
      engine.deleteJob(jobId, force ?? false);
      return {};
    }),

    route('ListJobExecutionsForJob', 'GET', '/jobs/{jobId}/things', (input) => {
      const { jobId } = params(jobParams, input);
      const filter = query(listExecutionsQuerySchema.omit({ jobId: true }), input);
      engine.getJob(jobId);
      const executions = engine
        .executionsOfJob(jobId)
        .filter((execution) => filter.status === undefined || execution.status === filter.status);
      const { page, nextToken } = paginate(executions, filter.maxResults, filter.nextToken);
      return {
        body: {
          executionSummaries: page.map((execution) => ({
            thingArn: execution.thingArn,
            jobExecutionSummary: controlExecutionSummaryView(execution),
          })),
          nextToken,
        },
      };
    }),

    route('ListJobExecutionsForThing', 'GET', '/things/{thingName}/jobs', (input) => {
      const { thingName } = params(thingParams, input);
      const filter = query(listExecutionsQuerySchema, input);
      const executions = engine
        .executionsOfThing(thingName)
        .filter(
          (execution) =>
            (filter.status === undefined || execution.status === filter.status) &&
            (filter.jobId === undefined || execution.jobId === filter.jobId),
        );
      const { page, nextToken } = paginate(executions, filter.maxResults, filter.nextToken);
      return {
        body: {
          executionSummaries: page.map((execution) => ({
            jobId: execution.jobId,
            jobExecutionSummary: controlExecutionSummaryView(execution),
          })),
          nextToken,
        },
      };
    }),

    route('DescribeJobExecution', 'GET', '/things/{thingName}/jobs/{jobId}', (input) => {
      const { jobId, thingName } = params(executionParams, input);
      const { executionNumber } = query(describeExecutionQuerySchema, input);
      const { job, execution } = engine.getExecution(jobId, thingName, executionNumber);
      return { body: { execution: controlExecutionView(job, execution, engine.now()) } };
    }),

    route('CancelJobExecution', 'PUT', '/things/{thingName}/jobs/{jobId}/cancel', (input) => {
      const { jobId, thingName } = params(executionParams, input);
      const { force } = query(forceQuerySchema, input);
      const request = body(cancelExecutionBodySchema, input);
      engine.cancelExecution(jobId, thingName, { ...request, force: force ?? false });
      return {};
    }),
  ];
}
