import type { AwsServiceError } from './aws-service-error';

/** A complete HTTP answer; the edge adds the request id and content length. */
export interface EdgeResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export function jsonResponse(status: number, contentType: string, body: unknown): EdgeResponse {
  return {
    status,
    headers: { 'content-type': contentType },
    body: body === undefined ? '' : JSON.stringify(body),
  };
}

/** restJson1: the error name in `x-amzn-errortype`, members (with `message`) in the body. */
export function restJsonErrorResponse(error: AwsServiceError): EdgeResponse {
  return {
    status: error.status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': error.errorType },
    body: JSON.stringify({ ...error.fields, message: error.message }),
  };
}

/** awsJson1_1: the error name as `__type` in the body, which the SDK reads first. */
export function awsJsonErrorResponse(error: AwsServiceError): EdgeResponse {
  return {
    status: error.status,
    headers: { 'content-type': 'application/x-amz-json-1.1' },
    body: JSON.stringify({ __type: error.errorType, ...error.fields, message: error.message }),
  };
}

/**
 * For a request the edge cannot attribute to a service: both the header and `__type`, so
 * either protocol's SDK deserializer finds the error name.
 */
export function edgeErrorResponse(error: AwsServiceError): EdgeResponse {
  return {
    status: error.status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': error.errorType },
    body: JSON.stringify({ __type: error.errorType, message: error.message }),
  };
}
