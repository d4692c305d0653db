import { IoTClient, type IoTClientConfig } from '@aws-sdk/client-iot';

/** Where a provisioner's IoT control plane calls go. */
export interface IotClientOptions<C> {
  /**
   * Used as is, and left open. Default: an `IoTClient` for `region`, its endpoint from
   * `AWS_ENDPOINT_URL_IOT` if set.
   */
  readonly client?: C;
  readonly region?: string;
  /** Extra options for the client built, e.g. local mode's emulator endpoint and credentials. */
  readonly clientConfig?: IoTClientConfig;
}

/** An `IoTClient` for `region`, with `clientConfig` on top; the caller destroys it. */
export function newIotClient(options: Omit<IotClientOptions<unknown>, 'client'>): IoTClient {
  return new IoTClient({
    ...(options.region ? { region: options.region } : {}),
    ...options.clientConfig,
  });
}

/** Runs `use` with the client given, or with one of its own that is destroyed afterwards. */
export async function withIotClient<C, T>(
  options: IotClientOptions<C>,
  use: (client: C | IoTClient) => Promise<T>,
): Promise<T> {
  if (options.client !== undefined) return use(options.client);
  const own = newIotClient(options);
  try {
    return await use(own);
  } finally {
    own.destroy();
  }
}
