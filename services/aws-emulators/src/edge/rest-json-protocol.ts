import { AwsServiceError } from './aws-service-error';
import { jsonResponse, restJsonErrorResponse } from './edge-response';
import { compareSpecificity, compilePathTemplate } from './path-template';
import type { RestJsonRoute } from './rest-json-route';
import type { EdgeRequest, ServiceProtocol } from './service-protocol';

/** restJson1 bodies are JSON objects; an empty body means no input members. */
function parseBody(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch (err) {
    throw new AwsServiceError(
      'InvalidRequestException',
      `The request body is not valid JSON: ${(err as Error).message}`,
    );
  }
}

/**
 * Routes restJson1 requests on method and path template. Routes from several emulators may share
 * one signing name (the registry and Jobs both sign as `iot`), so clashes are refused up front.
 */
export function restJsonProtocol(
  signingName: string,
  routes: readonly RestJsonRoute[],
): ServiceProtocol {
  const compiled = routes.map((route) => ({ route, template: compilePathTemplate(route.path) }));
  const seen = new Map<string, string>();
  for (const { route, template } of compiled) {
    const key = `${route.method} ${template.shape}`;
    const other = seen.get(key);
    if (other !== undefined) {
      throw new Error(`${signingName}: ${other} and ${route.operation} both route ${key}`);
    }
    seen.set(key, route.operation);
  }
  compiled.sort((a, b) => compareSpecificity(a.template, b.template));

  return {
    signingName,
    internalErrorType: 'InternalFailureException',
    renderError: restJsonErrorResponse,
    resolve(request: EdgeRequest) {
      for (const { route, template } of compiled) {
        if (route.method !== request.method) continue;
        const params = template.match(request.path);
        if (params === undefined) continue;
        return {
          operation: route.operation,
          async invoke(body) {
            const output = await route.handle({
              params,
              query: request.query,
              body: parseBody(body),
              headers: request.headers,
            });
            return jsonResponse(output.status ?? 200, 'application/json', output.body);
          },
        };
      }
      throw new AwsServiceError(
        'UnknownOperationException',
        `${signingName} has no operation for ${request.method} ${request.path}`,
        404,
      );
    },
  };
}
