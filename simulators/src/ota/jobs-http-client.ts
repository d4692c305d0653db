import {
  DescribeJobExecutionCommand,
  StartNextPendingJobExecutionCommand,
  UpdateJobExecutionCommand,
  type DescribeJobExecutionCommandOutput,
  type JobExecution as SdkJobExecution,
  type StartNextPendingJobExecutionCommandOutput,
  type UpdateJobExecutionCommandOutput,
} from '@aws-sdk/client-iot-jobs-data-plane';
import {
  JobsRequestError,
  jobExecutionSchema,
  jobExecutionStateSchema,
  parseJobDocument,
  type JobExecution,
  type JobExecutionState,
  type JobExecutionUpdate,
  type JobsChannel,
  type JobsErrorCode,
  type StartNextRequest,
} from './jobs-channel';

/**
 * The part of `IoTJobsDataPlaneClient` the agents use, so tests can stand in for it. One client
 * serves the whole fleet: its connection pool is shared, its requests name the thing.
 */
export interface JobsDataPlaneSender {
  send(
    command:
      StartNextPendingJobExecutionCommand | DescribeJobExecutionCommand | UpdateJobExecutionCommand,
    options?: { abortSignal?: AbortSignal },
  ): Promise<unknown>;
}

/** SDK exception names (HTTP) to the codes the MQTT API uses for the same refusals. */
const ERROR_CODES: Readonly<Record<string, JobsErrorCode>> = {
  VersionConflictException: 'VersionMismatch',
  ConflictException: 'VersionMismatch',
  InvalidStateTransitionException: 'InvalidStateTransition',
  TerminalStateException: 'TerminalStateReached',
  ResourceNotFoundException: 'ResourceNotFound',
  InvalidRequestException: 'InvalidRequest',
  ValidationException: 'InvalidRequest',
  ThrottlingException: 'RequestThrottled',
};

/** By name, not `instanceof`: SDK errors may come from another copy of the SDK. */
function requestError(error: unknown, closed: boolean): JobsRequestError {
  if (error instanceof JobsRequestError) return error;
  const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : String(error);
  if (closed) return new JobsRequestError('Closed', 'the jobs client was closed');
  const code = typeof name === 'string' ? ERROR_CODES[name] : undefined;
  return new JobsRequestError(code ?? 'InternalError', text);
}

function executionOf(execution: SdkJobExecution | undefined): JobExecution | undefined {
  if (!execution) return undefined;
  const parsed = jobExecutionSchema.safeParse({
    ...execution,
    jobDocument: parseJobDocument(execution.jobDocument),
  });
  if (!parsed.success) throw new JobsRequestError('InternalError', 'malformed job execution');
  return parsed.data;
}

/**
 * The jobs device API over the HTTPS data plane (`@aws-sdk/client-iot-jobs-data-plane`), for
 * one thing. It has no notifications: the agent polls.
 */
export class JobsHttpClient implements JobsChannel {
  /** Aborts whatever is in flight when the vehicle stops. */
  private readonly lifetime = new AbortController();

  constructor(
    private readonly client: JobsDataPlaneSender,
    private readonly thingName: string,
  ) {}

  async startNext(request: StartNextRequest): Promise<JobExecution | undefined> {
    const output = (await this.send(
      new StartNextPendingJobExecutionCommand({
        thingName: this.thingName,
        stepTimeoutInMinutes: request.stepTimeoutInMinutes,
      }),
    )) as StartNextPendingJobExecutionCommandOutput;
    return executionOf(output.execution);
  }

  async describe(jobId: string): Promise<JobExecution | undefined> {
    try {
      const output = (await this.send(
        new DescribeJobExecutionCommand({
          thingName: this.thingName,
          jobId,
          includeJobDocument: true,
        }),
      )) as DescribeJobExecutionCommandOutput;
      return executionOf(output.execution);
    } catch (error) {
      if (error instanceof JobsRequestError && error.code === 'ResourceNotFound') return undefined;
      throw error;
    }
  }

  async update(jobId: string, update: JobExecutionUpdate): Promise<JobExecutionState | undefined> {
    const output = (await this.send(
      new UpdateJobExecutionCommand({
        thingName: this.thingName,
        jobId,
        status: update.status,
        statusDetails: update.statusDetails && { ...update.statusDetails },
        expectedVersion: update.expectedVersion,
        executionNumber: update.executionNumber,
        includeJobExecutionState: true,
      }),
    )) as UpdateJobExecutionCommandOutput;
    const state = jobExecutionStateSchema.safeParse(output.executionState);
    return state.success ? state.data : undefined;
  }

  close(): void {
    this.lifetime.abort();
  }

  private async send(
    command:
      StartNextPendingJobExecutionCommand | DescribeJobExecutionCommand | UpdateJobExecutionCommand,
  ): Promise<unknown> {
    const signal = this.lifetime.signal;
    if (signal.aborted) throw new JobsRequestError('Closed', 'the jobs client was closed');
    try {
      return await this.client.send(command, { abortSignal: signal });
    } catch (error) {
      throw requestError(error, signal.aborted);
    }
  }
}
