/** The region and dummy credentials every SDK client uses against the local emulators. */
export const LOCAL_AWS_REGION = 'us-east-1';
export const LOCAL_AWS_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

/** SDK client options for the local edge: the endpoint is the only thing production lacks. */
export const localAwsClientConfig = (endpoint: string) => ({
  endpoint,
  region: LOCAL_AWS_REGION,
  credentials: LOCAL_AWS_CREDENTIALS,
});

/**
 * The SDK's standard variables for processes that talk to this stack (`npm run simulate`, the
 * Lambda entry points): with these set, production code runs unchanged against the emulators.
 */
export const localAwsEnvironment = (endpoint: string): Record<string, string> => ({
  AWS_ENDPOINT_URL_IOT: endpoint,
  AWS_ENDPOINT_URL_IOT_JOBS_DATA_PLANE: endpoint,
  AWS_ENDPOINT_URL_SSM: endpoint,
  AWS_REGION: LOCAL_AWS_REGION,
  AWS_ACCESS_KEY_ID: LOCAL_AWS_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: LOCAL_AWS_CREDENTIALS.secretAccessKey,
});
