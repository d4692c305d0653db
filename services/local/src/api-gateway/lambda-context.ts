import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

export interface LambdaFunction {
  readonly functionName: string;
  readonly timeoutMs: number;
  readonly memoryLimitInMB: number;
}

/** The context Lambda passes with each invocation, for a function running in this process. */
export function lambdaContext(fn: LambdaFunction, invokedAt = Date.now()): Context {
  const deadline = invokedAt + fn.timeoutMs;
  const day = new Date(invokedAt).toISOString().slice(0, 10).replaceAll('-', '/');
  const deprecated = () => {
    throw new Error('context.done/fail/succeed are not supported: return a promise');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: fn.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${fn.functionName}`,
    memoryLimitInMB: String(fn.memoryLimitInMB),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${fn.functionName}`,
    logStreamName: `${day}/[$LATEST]local`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: deprecated,
    fail: deprecated,
    succeed: deprecated,
  };
}
