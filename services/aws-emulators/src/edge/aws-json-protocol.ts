import { AwsServiceError } from './aws-service-error';
import { awsJsonErrorResponse, jsonResponse } from './edge-response';
import type { AwsJsonOperation } from './emulated-service';
import type { EdgeRequest, ServiceProtocol } from './service-protocol';

const CONTENT_TYPE = 'application/x-amz-json-1.1';

function unknownOperation(message: string): AwsServiceError {
  return new AwsServiceError('UnknownOperationException', message, 400);
}

/** awsJson1_1 input is always a JSON object (the SDK sends `{}` when there are no members). */
function parseBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new AwsServiceError(
      'SerializationException',
      `The request body is not valid JSON: ${(err as Error).message}`,
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new AwsServiceError('SerializationException', 'The request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

/** awsJson1_1: every operation is `POST /`, named by `X-Amz-Target: {prefix}.{Operation}`. */
export function awsJsonProtocol(
  signingName: string,
  targetPrefix: string,
  operations: ReadonlyMap<string, AwsJsonOperation>,
): ServiceProtocol {
  return {
    signingName,
    internalErrorType: 'InternalServerError',
    renderError: awsJsonErrorResponse,
    resolve(request: EdgeRequest) {
      if (request.method !== 'POST' || request.path !== '/') {
        throw unknownOperation(
          `${signingName} takes POST / with X-Amz-Target, not ${request.method} ${request.path}`,
        );
      }
      const header = request.headers['x-amz-target'];
      const target = Array.isArray(header) ? header[0] : header;
      if (target === undefined || target === '') {
        throw unknownOperation(`${signingName} needs an X-Amz-Target header naming the operation`);
      }
      const dot = target.lastIndexOf('.');
      const operationName = target.slice(dot + 1);
      const operation = operations.get(operationName);
      if (target.slice(0, dot) !== targetPrefix || operation === undefined) {
        throw unknownOperation(`${signingName} has no operation ${target}`);
      }
      return {
        operation: operationName,
        async invoke(body) {
          const result = await operation(parseBody(body));
          return jsonResponse(200, CONTENT_TYPE, result ?? {});
        },
      };
    },
  };
}
