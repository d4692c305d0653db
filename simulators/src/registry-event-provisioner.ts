import { createHash, randomUUID } from 'node:crypto';
import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt';
import type { ThingAttributes, ThingProvisioner, ThingRegistration } from './thing-provisioner';

/** The account id AWS IoT emulators use; a real registry puts the account's own id here. */
export const LOCAL_ACCOUNT_ID = '000000000000';

/** The AWS IoT registry event for a created or updated thing, exactly as IoT Core publishes it. */
export interface ThingEvent<Operation extends 'CREATED' | 'UPDATED' = 'CREATED' | 'UPDATED'> {
  readonly eventType: 'THING_EVENT';
  readonly eventId: string;
  readonly timestamp: number;
  readonly operation: Operation;
  readonly accountId: string;
  readonly thingId: string;
  readonly thingName: string;
  readonly versionNumber: number;
  readonly thingTypeName: string | null;
  readonly attributes: Readonly<Record<string, string>>;
}

export type ThingCreatedEvent = ThingEvent<'CREATED'>;
export type ThingUpdatedEvent = ThingEvent<'UPDATED'>;

export function thingCreatedTopic(thingName: string): string {
  return `$aws/events/thing/${thingName}/created`;
}

export function thingUpdatedTopic(thingName: string): string {
  return `$aws/events/thing/${thingName}/updated`;
}

/**
 * A UUID that depends only on the thing name (SHA-1, version 5 layout), so re-announcing a thing
 * after a restart carries the same `thingId`, as the real registry would.
 */
export function stableThingId(thingName: string): string {
  const hex = createHash('sha1').update(`fleet-manager/thing/${thingName}`).digest('hex');
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function thingCreatedEvent(thing: ThingRegistration, timestamp: number): ThingCreatedEvent {
  return {
    eventType: 'THING_EVENT',
    eventId: randomUUID(),
    timestamp,
    operation: 'CREATED',
    accountId: LOCAL_ACCOUNT_ID,
    thingId: stableThingId(thing.thingName),
    thingName: thing.thingName,
    versionNumber: 1,
    thingTypeName: null,
    attributes: { ...thing.attributes },
  };
}

/** The event for a thing whose attributes changed; `attributes` are all of them, as IoT sends. */
export function thingUpdatedEvent(
  thingName: string,
  attributes: Readonly<Record<string, string>>,
  versionNumber: number,
  timestamp: number,
): ThingUpdatedEvent {
  return {
    eventType: 'THING_EVENT',
    eventId: randomUUID(),
    timestamp,
    operation: 'UPDATED',
    accountId: LOCAL_ACCOUNT_ID,
    thingId: stableThingId(thingName),
    thingName,
    versionNumber,
    thingTypeName: null,
    attributes: { ...attributes },
  };
}

export interface RegistryEventProvisionerOptions {
  /** The local broker, e.g. `mqtt://127.0.0.1:1883`. */
  readonly brokerUrl: string;
  /** The privileged identity allowed to publish on `$aws/events/…`. */
  readonly username: string;
  readonly password: string;
  /** Default `fleet-simulator-registry-{random}`; software version updates add `-updates`. */
  readonly clientId?: string;
  /** Events published before waiting for their PUBACKs. Default 100. */
  readonly batchSize?: number;
  /** Event timestamps, epoch ms. Default `Date.now`. */
  readonly now?: () => number;
}

/**
 * Local mode's stand-in for the IoT registry (until its emulator exists): announces each thing
 * with the registry's own `created` event over a privileged MQTT connection. It resolves once
 * the broker has acknowledged every event, so the devices it announced may then connect. A
 * software version reported after an OTA update goes out as the registry's `updated` event.
 */
export function registryEventProvisioner(
  options: RegistryEventProvisionerOptions,
): ThingProvisioner {
  const batchSize = Math.max(1, options.batchSize ?? 100);
  const now = options.now ?? Date.now;
  /** What each thing was announced with, so an update can carry all its attributes. */
  const announced = new Map<string, Record<string, string>>();
  const versions = new Map<string, number>();
  let reporter: Promise<MqttClient> | undefined;

  const connect = (clientId: string) => {
    const settings: IClientOptions = {
      clientId,
      username: options.username,
      password: options.password,
      protocolVersion: 4,
      clean: true,
      // A dropped connection fails the provisioning instead of retrying behind our back.
      reconnectPeriod: 0,
      connectTimeout: 15_000,
    };
    return connectAsync(options.brokerUrl, settings).then((client) => {
      // Errors surface as rejected publishes; without a listener they would crash the process.
      client.on('error', () => undefined);
      return client;
    });
  };
  const newClientId = () => `fleet-simulator-registry-${randomUUID().slice(0, 8)}`;

  /** Updates trickle in while the fleet runs: one connection kept for them, opened on demand. */
  const reportingClient = (): Promise<MqttClient> => {
    if (reporter) return reporter;
    // A lost connection is forgotten, so the next report opens another; only this one's loss.
    const forget = () => {
      if (reporter === connecting) reporter = undefined;
    };
    const connecting: Promise<MqttClient> = connect(
      `${options.clientId ?? newClientId()}-updates`,
    ).then(
      (client) => {
        client.once('close', forget);
        return client;
      },
      (error: unknown) => {
        forget();
        throw error;
      },
    );
    reporter = connecting;
    return connecting;
  };

  return {
    async provision(things) {
      if (things.length === 0) return;
      const client = await connect(options.clientId ?? newClientId());
      try {
        for (let start = 0; start < things.length; start += batchSize) {
          const batch = things.slice(start, start + batchSize);
          await Promise.all(
            batch.map((thing) =>
              client.publishAsync(
                thingCreatedTopic(thing.thingName),
                JSON.stringify(thingCreatedEvent(thing, now())),
                { qos: 1 },
              ),
            ),
          );
          for (const thing of batch) {
            announced.set(thing.thingName, { ...thing.attributes });
            versions.set(thing.thingName, 1);
          }
        }
      } finally {
        await client.endAsync();
      }
    },

    async reportSoftwareVersion(thingName, version) {
      const softwareVersion: Pick<ThingAttributes, 'softwareVersion'> = {
        softwareVersion: version,
      };
      const attributes = { ...announced.get(thingName), ...softwareVersion };
      announced.set(thingName, attributes);
      // This stand-in forgets versions when it restarts, and consumers drop events whose version
      // is not newer than what they hold: epoch seconds keep updates newer across restarts.
      const timestamp = now();
      const versionNumber = Math.max(
        (versions.get(thingName) ?? 1) + 1,
        Math.floor(timestamp / 1000),
      );
      versions.set(thingName, versionNumber);
      const client = await reportingClient();
      await client.publishAsync(
        thingUpdatedTopic(thingName),
        JSON.stringify(thingUpdatedEvent(thingName, attributes, versionNumber, timestamp)),
        { qos: 1 },
      );
    },

    async close() {
      const pending = reporter;
      reporter = undefined;
      const client = await pending?.catch(() => undefined);
      await client?.endAsync();
    },
  };
}
