/** Where a bad value came from, so the console can point at the right input. */
export type FieldLocation = 'path' | 'query' | 'body';

export interface FieldIssue {
  readonly field: string;
  readonly in: FieldLocation;
  readonly message: string;
}

export type ApiErrorCode =
  | 'ValidationError'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'MethodNotAllowed'
  | 'Conflict'
  | 'PayloadTooLarge'
  | 'InternalError'
  | 'UpstreamError';

/** An error the API answers with; the handler renders it as `{ error: { code, message, issues? } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly issues?: readonly FieldIssue[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const badRequest = (issues: readonly FieldIssue[]) =>
  new ApiError(
    400,
    'ValidationError',
    issues.map((issue) => `${issue.in} ${issue.field}: ${issue.message}`).join('; '),
    issues,
  );

export const invalidField = (location: FieldLocation, field: string, message: string) =>
  badRequest([{ field, in: location, message }]);

export const notFound = (message: string) => new ApiError(404, 'NotFound', message);

export const conflict = (message: string) => new ApiError(409, 'Conflict', message);
