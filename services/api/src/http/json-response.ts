import type { APIGatewayProxyResult } from 'aws-lambda';
import type { ApiError } from './api-error';

export type ResponseHeaders = Record<string, string>;

export const jsonResponse = (
  status: number,
  body: unknown,
  headers: ResponseHeaders = {},
): APIGatewayProxyResult => ({
  statusCode: status,
  headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  body: status === 204 ? '' : JSON.stringify(body),
});

/** Every error has this one shape: `{ error: { code, message, issues? } }`. */
export const errorResponse = (error: ApiError, headers: ResponseHeaders = {}) =>
  jsonResponse(
    error.status,
    {
      error: {
        code: error.code,
        message: error.message,
        ...(error.issues ? { issues: error.issues } : {}),
      },
    },
    headers,
  );
