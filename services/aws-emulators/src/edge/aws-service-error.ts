/**
 * An error an emulated operation answers with. The edge renders it the way the real service
 * does: restJson1 puts `errorType` in `x-amzn-errortype` with a `{ message }` body, awsJson1_1
 * puts `__type` in the body. SDK clients then throw their modelled exception classes.
 */
export class AwsServiceError extends Error {
  constructor(
    /** The real error name, e.g. `ResourceNotFoundException`, `ParameterNotFound`. */
    readonly errorType: string,
    message: string,
    /** HTTP status the real service uses for this error. */
    readonly status = 400,
    /**
     * Further members the error shape models, rendered beside `message`, e.g. `resourceArn` of
     * IoT's `ResourceAlreadyExistsException`; the SDK copies them onto the exception it throws.
     */
    readonly fields: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = errorType;
  }
}
