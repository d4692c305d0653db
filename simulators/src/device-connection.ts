import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { IClientOptions } from 'mqtt';

/** Where the fleet's devices connect. */
export type FleetTarget =
  /** A local MQTT broker that admits registered thing names without credentials. */
  | { readonly kind: 'broker'; readonly brokerUrl: string }
  /** AWS IoT Core: mutual TLS on 8883 with one X.509 certificate per thing. */
  | { readonly kind: 'aws-iot'; readonly endpoint: string; readonly certDir: string };

export interface DeviceConnection {
  readonly url: string;
  readonly options: IClientOptions;
}

/** AWS IoT Core's server certificate chains to Amazon Root CA 1, which devices must trust. */
export const ROOT_CA_FILE = 'AmazonRootCA1.pem';

/** The files a thing's certificate lives in, as `--cert-dir` is expected to hold them. */
export function certificateFiles(certDir: string, thingName: string) {
  return {
    cert: join(certDir, `${thingName}.cert.pem`),
    key: join(certDir, `${thingName}.private.key`),
    ca: join(certDir, ROOT_CA_FILE),
  };
}

/**
 * Builds the MQTT settings for each device of a fleet: MQTT 3.1.1 (what IoT Core speaks), the
 * thing name as client id, a clean session, and a reconnect delay jittered per device so a
 * broker restart is not met by every vehicle at once.
 */
export function deviceConnections(
  target: FleetTarget,
  reconnectPeriodMs: number,
): (thingName: string, jitter: number) => Promise<DeviceConnection> {
  let rootCa: Promise<Buffer> | undefined;
  return async (thingName, jitter) => {
    const common: IClientOptions = {
      clientId: thingName,
      protocolVersion: 4,
      clean: true,
      keepalive: 60,
      connectTimeout: 20_000,
      reconnectPeriod: Math.round(reconnectPeriodMs * (1 + jitter)),
    };
    if (target.kind === 'broker') return { url: target.brokerUrl, options: common };
    const files = certificateFiles(target.certDir, thingName);
    rootCa ??= readFile(files.ca);
    const [cert, key, ca] = await Promise.all([readFile(files.cert), readFile(files.key), rootCa]);
    return {
      url: `mqtts://${target.endpoint}:8883`,
      options: { ...common, cert, key, ca, servername: target.endpoint, rejectUnauthorized: true },
    };
  };
}
