import { IoTClient } from '@aws-sdk/client-iot';
import { SSMClient } from '@aws-sdk/client-ssm';
import { Logger } from '@aws-lambda-powertools/logger';
import { createSearchClient } from '@fleet/search-client';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { API_ROUTES } from '../api-routes';
import { loadConfig } from '../config';
import { createApiHandler } from '../http/api-handler';

// Created once per Lambda container: configuration, clients and logger.
const config = loadConfig();
const logger = new Logger({ serviceName: 'fleet-api' });
const api = createApiHandler({
  routes: API_ROUTES,
  deps: {
    search: createSearchClient({
      url: config.opensearchUrl,
      auth: config.opensearchAuth,
      region: config.region,
    }),
    ssm: new SSMClient({}),
    iot: new IoTClient({}),
    configPath: config.configPath,
    offlineAfterMs: config.offlineAfterMs,
    now: Date.now,
    iotArnPrefix: `arn:aws:iot:${config.region}:${config.accountId}`,
  },
  corsOrigins: config.consoleOrigins,
  onError: (message, error) => logger.error(message, { error: String(error) }),
});

/** The API Lambda (esbuild entry point): API Gateway REST proxy events in, JSON out. */
export async function handler(
  event: APIGatewayProxyEvent,
  context: Context,
): Promise<APIGatewayProxyResult> {
  logger.addContext(context);
  return api(event);
}
