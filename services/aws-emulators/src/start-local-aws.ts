import { startAwsEdge } from './edge/edge-server';
import { type IotJobs, createIotJobs } from './iot-jobs';
import type { EventType } from './iot-registry/event-types';
import { type IotSecurity, openIotSecurity } from './iot-registry/open-iot-security';
import { openThingRegistry } from './iot-registry/open-thing-registry';
import { registryRoutes } from './iot-registry/registry-routes';
import { securityRoutes } from './iot-registry/security-routes';
import type { IotThingRegistry } from './iot-registry/thing-registry';
import type { Clock, IotPublisher } from './ports';
import { openParameterStore } from './ssm/open-parameter-store';
import type { ParameterStore } from './ssm/parameter-store';
import { ssmService } from './ssm/ssm-service';

export interface LocalAwsOptions {
  readonly host: string;
  /** 4566 in local mode; 0 picks a free port. */
  readonly port: number;
  /** `iot-registry.json`, `iot-security.json`, `iot-jobs.json` and `ssm.json` live here. */
  readonly dataDir: string;
  /** Default `us-east-1`. */
  readonly region?: string;
  /** Default `000000000000`. */
  readonly accountId?: string;
  /** Registry events go out through this (the local broker). */
  readonly publish: IotPublisher;
  readonly log?: (message: string) => void;
  readonly clock?: Clock;
  /**
   * Event types to switch on at start, as a deployment would with UpdateEventConfigurations
   * (a new AWS account has them all off).
   */
  readonly enableEvents?: readonly EventType[];
}

export interface LocalAws {
  /** The edge endpoint for `AWS_ENDPOINT_URL_IOT`, `_SSM` and `_IOT_JOBS_DATA_PLANE`. */
  readonly url: string;
  readonly region: string;
  readonly accountId: string;
  /** The thing registry: a `ThingDirectory`, plus what local mode reads of it. */
  readonly registry: IotThingRegistry;
  readonly parameters: ParameterStore;
  /** IoT Jobs: local mode routes devices' `$aws/things/+/jobs/#` messages to `handleDeviceMessage`. */
  readonly jobs: Pick<IotJobs, 'handleDeviceMessage' | 'tick'>;
  /** Stops the edge, then writes the registry and parameters to disk. */
  close(): Promise<void>;
}

/**
 * Local mode's AWS: the IoT registry (with device certificates and policies), IoT Jobs and SSM
 * Parameter Store behind one edge port.
 */
export async function startLocalAws(options: LocalAwsOptions): Promise<LocalAws> {
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '000000000000';
  const clock = options.clock ?? Date.now;
  const log = options.log ?? (() => undefined);
  const onPersistError = (err: unknown) => log(`emulator state not saved: ${String(err)}`);

  // The registry asks the attachments whether a thing may be deleted; they are opened after it.
  const opened: { security?: IotSecurity } = {};
  const { registry, writer: registryWriter } = await openThingRegistry({
    dataDir: options.dataDir,
    region,
    accountId,
    publish: options.publish,
    clock,
    log,
    onPersistError,
    hasPrincipals: (thingName) =>
      opened.security?.thingPrincipals.hasPrincipals(thingName) ?? false,
  });
  const security = await openIotSecurity({
    dataDir: options.dataDir,
    region,
    accountId,
    things: registry,
    clock,
    onPersistError,
  });
  opened.security = security;
  const { store: parameters, writer: parameterWriter } = await openParameterStore({
    dataDir: options.dataDir,
    region,
    accountId,
    clock,
    onPersistError,
  });
  for (const eventType of options.enableEvents ?? []) registry.setEventEnabled(eventType, true);

  const jobs = createIotJobs({
    dataDir: options.dataDir,
    directory: registry,
    publish: options.publish,
    clock,
    region,
    accountId,
  });
  const edge = await startAwsEdge({
    host: options.host,
    port: options.port,
    log,
    services: [
      { signingName: 'iot', protocol: 'restJson1', routes: registryRoutes(registry) },
      { signingName: 'iot', protocol: 'restJson1', routes: securityRoutes(security) },
      { signingName: 'iot', protocol: 'restJson1', routes: jobs.controlPlaneRoutes },
      { signingName: 'iot-jobs-data', protocol: 'restJson1', routes: jobs.dataPlaneRoutes },
      ssmService(parameters),
    ],
  });

  return {
    url: edge.url,
    region,
    accountId,
    registry,
    parameters,
    jobs,
    async close() {
      await edge.close();
      const flushed = await Promise.allSettled([
        registryWriter.flush(),
        security.writer.flush(),
        parameterWriter.flush(),
        jobs.close(),
      ]);
      const failed = flushed.find((result) => result.status === 'rejected');
      if (failed) throw failed.reason;
    },
  };
}
