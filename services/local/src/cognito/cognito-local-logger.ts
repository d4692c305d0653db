import type { createServer } from 'cognito-local/lib/server/server';

/** The pino logger cognito-local's server and pino-http expect. */
export type CognitoLocalLogger = Parameters<typeof createServer>[1];

/**
 * Forwards what matters from cognito-local to `log`: its info lines (confirmation codes it would
 * have e-mailed) and errors (unsupported operations, failures). Per-request debug lines and the
 * warnings it logs for every error it answers a client with (a wrong password) are dropped.
 */
export function cognitoLocalLogger(log: (message: string) => void): CognitoLocalLogger {
  const drop = () => undefined;
  const forward = (first: unknown, second?: unknown) => log(describe(first, second));
  const logger = {
    level: 'info',
    child: () => logger,
    trace: drop,
    debug: drop,
    warn: drop,
    info: forward,
    error: forward,
    fatal: forward,
  };
  // Only these members are used by cognito-local and pino-http; the rest of pino is not needed.
  return logger as unknown as CognitoLocalLogger;
}

/** pino call shapes: `(message)` or `(object or error, message)`. */
function describe(first: unknown, second: unknown): string {
  if (typeof first === 'string') return first;
  const message = typeof second === 'string' ? second : '';
  const error = first instanceof Error ? first : undefined;
  return error ? `${message}: ${error.message}` : message;
}
