import type { IncomingHttpHeaders } from 'node:http';
import type { AwsServiceError } from './aws-service-error';
import type { EdgeResponse } from './edge-response';

export interface EdgeRequest {
  readonly method: string;
  /** Still URI-encoded, without the query string. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
}

export interface ResolvedOperation {
  readonly operation: string;
  /** Runs the operation on the raw body; rejects with `AwsServiceError` for modelled errors. */
  invoke(body: Buffer): Promise<EdgeResponse>;
}

/** One signing name's protocol: finds operations and renders answers the way its SDK reads them. */
export interface ServiceProtocol {
  readonly signingName: string;
  /** The error name for a fault of the emulator itself (HTTP 500). */
  readonly internalErrorType: string;
  /** Finds the operation before the body is read; throws `AwsServiceError` when there is none. */
  resolve(request: EdgeRequest): ResolvedOperation;
  renderError(error: AwsServiceError): EdgeResponse;
}
