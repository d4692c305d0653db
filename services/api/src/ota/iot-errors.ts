import { ApiError } from '../http/api-error';

/** IoT's error names and what the API answers for them; anything else is ours to fix (500). */
const IOT_ERRORS: Record<string, { status: number; code: ApiError['code'] }> = {
  ResourceNotFoundException: { status: 404, code: 'NotFound' },
  ResourceAlreadyExistsException: { status: 409, code: 'Conflict' },
  VersionConflictException: { status: 409, code: 'Conflict' },
  InvalidStateTransitionException: { status: 409, code: 'Conflict' },
  ConflictException: { status: 409, code: 'Conflict' },
  LimitExceededException: { status: 409, code: 'Conflict' },
  ThrottlingException: { status: 503, code: 'UpstreamError' },
  ServiceUnavailableException: { status: 503, code: 'UpstreamError' },
};

/** Runs an IoT call, turning IoT's modelled errors into API errors with IoT's message. */
export async function iotCall<T>(call: () => Promise<T>, what: string): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const name = (error as { name?: unknown }).name;
    const mapped = typeof name === 'string' ? IOT_ERRORS[name] : undefined;
    if (!mapped) throw error;
    const message = (error as { message?: unknown }).message;
    throw new ApiError(mapped.status, mapped.code, `${what}: ${String(message ?? name)}`);
  }
}
