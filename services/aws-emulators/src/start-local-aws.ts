import { startAwsEdge } from './edge/edge-server';
import type { EmulatedService } from './edge/emulated-service';
import type { EventType } from './iot-registry/event-types';
import { openThingRegistry } from './iot-registry/open-thing-registry';
import { registryRoutes } from './iot-registry/registry-routes';
import type { IotThingRegistry } from './iot-registry/thing-registry';
import type { Clock, IotPublisher, ThingDirectory } from './ports';
import { openParameterStore } from './ssm/open-parameter-store';
import type { ParameterStore } from './ssm/parameter-store';
import { ssmService } from './ssm/ssm-service';

/** What an extra emulator (the Jobs routes) gets to build itself on the same registry. */
export interface LocalAwsContext {
  readonly registry: ThingDirectory;
  readonly region: string;
  readonly accountId: string;
  readonly clock: Clock;
}

export interface LocalAwsOptions {
  readonly host: string;
  /** 4566 in local mode; 0 picks a free port. */
  readonly port: number;
  /** `iot-registry.json` and `ssm.json` live here. */
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
  /** More services on the same edge, e.g. the Jobs routes, built on the registry if need be. */
  readonly extraServices?:
    | readonly EmulatedService[]
    | ((
        context: LocalAwsContext,
      ) => readonly EmulatedService[] | Promise<readonly EmulatedService[]>);
}

export interface LocalAws {
  /** The edge endpoint for `AWS_ENDPOINT_URL_IOT`, `_SSM` and `_IOT_JOBS_DATA_PLANE`. */
  readonly url: string;
  readonly region: string;
  readonly accountId: string;
  /** The thing registry: a `ThingDirectory`, plus what local mode reads of it. */
  readonly registry: IotThingRegistry;
  readonly parameters: ParameterStore;
  /** Stops the edge, then writes the registry and parameters to disk. */
  close(): Promise<void>;
}

/** Local mode's AWS: the IoT registry and SSM Parameter Store behind one edge port. */
export async function startLocalAws(options: LocalAwsOptions): Promise<LocalAws> {
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '000000000000';
  const clock = options.clock ?? Date.now;
  const log = options.log ?? (() => undefined);
  const onPersistError = (err: unknown) => log(`emulator state not saved: ${String(err)}`);

  const { registry, writer: registryWriter } = await openThingRegistry({
    dataDir: options.dataDir,
    region,
    accountId,
    publish: options.publish,
    clock,
    log,
    onPersistError,
  });
  const { store: parameters, writer: parameterWriter } = await openParameterStore({
    dataDir: options.dataDir,
    region,
    accountId,
    clock,
    onPersistError,
  });
  for (const eventType of options.enableEvents ?? []) registry.setEventEnabled(eventType, true);

  const extra =
    typeof options.extraServices === 'function'
      ? await options.extraServices({ registry, region, accountId, clock })
      : (options.extraServices ?? []);
  const edge = await startAwsEdge({
    host: options.host,
    port: options.port,
    log,
    services: [
      { signingName: 'iot', protocol: 'restJson1', routes: registryRoutes(registry) },
      ssmService(parameters),
      ...extra,
    ],
  });

  return {
    url: edge.url,
    region,
    accountId,
    registry,
    parameters,
    async close() {
      await edge.close();
      const flushed = await Promise.allSettled([registryWriter.flush(), parameterWriter.flush()]);
      const failed = flushed.find((result) => result.status === 'rejected');
      if (failed) throw failed.reason;
    },
  };
}
