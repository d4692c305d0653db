/**
 * SQL the local rules engine cannot run: malformed, or outside the subset of IoT SQL it supports.
 * Raised when a rule is compiled, so a bad rule fails at start-up rather than per message.
 */
export class IotSqlSyntaxError extends Error {
  constructor(
    readonly sql: string,
    /** 1-based character position of the problem in `sql`. */
    readonly position: number,
    readonly detail: string,
  ) {
    super(`${detail} at position ${position} of IoT SQL: ${sql}`);
    this.name = 'IotSqlSyntaxError';
  }
}

/**
 * A message a rule cannot evaluate, e.g. a payload that is not JSON. The message belongs in the
 * error sink, with this error's message as the reason.
 */
export class IotSqlEvaluationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IotSqlEvaluationError';
  }
}
