import { AwsServiceError } from '../edge/aws-service-error';
import { resourceNotFound } from '../iot-errors';
import type { ExecutionRecord } from './model';
import { executionStateView } from './wire-shapes';

/** The Jobs API's own errors; those all of IoT shares are in `iot-errors`. */

export const invalidStateTransition = (message: string) =>
  new AwsServiceError('InvalidStateTransitionException', message, 409);

export const jobNotFound = (jobId: string) => resourceNotFound(`Job ${jobId} cannot be found.`);

export const executionNotFound = (jobId: string, thingName: string) =>
  resourceNotFound(`Job execution of job ${jobId} on thing ${thingName} cannot be found.`);

/**
 * A refused change to an execution (`InvalidStateTransitionException`,
 * `VersionConflictException`). It carries the execution's current state, which the MQTT API
 * returns in its error response as `executionState`.
 */
export class JobExecutionConflictError extends AwsServiceError {
  readonly executionState: ReturnType<typeof executionStateView>;

  constructor(
    errorType: 'InvalidStateTransitionException' | 'VersionConflictException',
    message: string,
    execution: ExecutionRecord,
  ) {
    super(errorType, message, 409);
    this.executionState = executionStateView(execution);
  }
}
