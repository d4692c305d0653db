import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';

export interface Invocation {
  readonly event: APIGatewayProxyEvent;
  readonly context: Context;
}

/**
 * Stands in for the fleet API: answers with the event it got, so tests see what the gateway built.
 * A few paths misbehave on purpose.
 */
export function echoHandler() {
  const invocations: Invocation[] = [];
  let releaseSlow: () => void = () => undefined;
  const slow = new Promise<void>((resolve) => {
    releaseSlow = resolve;
  });
  const handler = async (
    event: APIGatewayProxyEvent,
    context: Context,
  ): Promise<APIGatewayProxyResult> => {
    invocations.push({ event, context });
    switch (event.path) {
      case '/boom':
        throw new Error('the handler blew up');
      case '/malformed':
        return { statusCode: '200', body: { not: 'a string' } } as unknown as APIGatewayProxyResult;
      case '/binary':
        return {
          statusCode: 200,
          headers: { 'Content-Type': 'application/octet-stream', 'X-Single': 'one' },
          multiValueHeaders: { 'X-Multi': ['a', 'b'], 'x-single': ['from-multi'] },
          body: Buffer.from([0, 1, 2, 255]).toString('base64'),
          isBase64Encoded: true,
        };
      case '/slow':
        await slow;
        return { statusCode: 204, body: '' };
      default:
        return {
          statusCode: 200,
          body: JSON.stringify({
            event,
            context: {
              awsRequestId: context.awsRequestId,
              functionName: context.functionName,
              remainingMs: context.getRemainingTimeInMillis(),
            },
          }),
        };
    }
  };
  return { handler, invocations, releaseSlow: () => releaseSlow() };
}
