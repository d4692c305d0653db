import { AwsServiceError } from '../edge/aws-service-error';
import type { ExecutionRecord } from './model';
import { executionStateView } from './wire-shapes';

export const invalidRequest = (message: string) =>
  new AwsServiceError('InvalidRequestException', message, 400);

export const resourceNotFound = (message: string) =>
  new AwsServiceError('ResourceNotFoundException', message, 404);

export const alreadyExists = (message: string) =>
  new AwsServiceError('ResourceAlreadyExistsException', message, 409);

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
