import { AwsServiceError } from '../edge/aws-service-error';

/** The IoT control plane's common errors, with the statuses AWS answers them with. */

export function invalidRequest(message: string): AwsServiceError {
  return new AwsServiceError('InvalidRequestException', message, 400);
}

export function notFound(message: string): AwsServiceError {
  return new AwsServiceError('ResourceNotFoundException', message, 404);
}
