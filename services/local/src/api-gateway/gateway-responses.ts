/** API Gateway's own answers (its "gateway responses"), with their default bodies. */
export interface GatewayError {
  readonly statusCode: number;
  readonly message: string;
  /** The `x-amzn-ErrorType` header. */
  readonly errorType?: string;
}

export const UNAUTHORIZED: GatewayError = {
  statusCode: 401,
  message: 'Unauthorized',
  errorType: 'UnauthorizedException',
};

export const EXPIRED_TOKEN: GatewayError = {
  statusCode: 401,
  message: 'The incoming token has expired',
  errorType: 'UnauthorizedException',
};

/** What an undefined resource or method gets (the API has no method at `/`). */
export const MISSING_AUTHENTICATION_TOKEN: GatewayError = {
  statusCode: 403,
  message: 'Missing Authentication Token',
  errorType: 'MissingAuthenticationTokenException',
};

/** Over the 10 MB payload quota. */
export const REQUEST_TOO_LARGE: GatewayError = { statusCode: 413, message: 'Request Too Long' };

/** The integration threw or returned a malformed proxy response. */
export const INTERNAL_SERVER_ERROR: GatewayError = {
  statusCode: 502,
  message: 'Internal server error',
  errorType: 'InternalServerErrorException',
};

/** The integration ran past the 29 s integration timeout. */
export const ENDPOINT_TIMEOUT: GatewayError = {
  statusCode: 504,
  message: 'Endpoint request timed out',
};
