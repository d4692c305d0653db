import { AwsServiceError } from './edge/aws-service-error';

/**
 * The errors AWS IoT's control plane answers with, registry and jobs alike (one API), with
 * their statuses.
 */

export const invalidRequest = (message: string) =>
  new AwsServiceError('InvalidRequestException', message, 400);

export const resourceNotFound = (message: string) =>
  new AwsServiceError('ResourceNotFoundException', message, 404);

/** The resource that is there already, as AWS names it in the error. */
export type ExistingResource = {
  readonly resourceId?: string;
  readonly resourceArn?: string;
};

export const alreadyExists = (message: string, existing: ExistingResource = {}) =>
  new AwsServiceError('ResourceAlreadyExistsException', message, 409, existing);

/** A page token (`nextToken`, `marker`) that is not from the listing it was sent to. */
export const invalidPageToken = (member: string) =>
  invalidRequest(`The ${member} is not valid for this request.`);
