import { createHash, randomUUID } from 'node:crypto';
import { connectAsync } from 'mqtt';
import type { ThingProvisioner, ThingRegistration } from './thing-provisioner';

/** The account id AWS IoT emulators use; a real registry puts the account's own id here. */
export const LOCAL_ACCOUNT_ID = '000000000000';

/** The AWS IoT registry event for a created thing, exactly as IoT Core publishes it. */
export interface ThingCreatedEvent {
  readonly eventType: 'THING_EVENT';
  readonly eventId: string;
  readonly timestamp: number;
  readonly operation: 'CREATED';
  readonly accountId: string;
  readonly thingId: string;
  readonly thingName: string;
  readonly versionNumber: number;
  readonly thingTypeName: string | null;
  readonly attributes: Readonly<Record<string, string>>;
}

export function thingCreatedTopic(thingName: string): string {
  return `$aws/events/thing/${thingName}/created`;
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

export interface RegistryEventProvisionerOptions {
  /** The local broker, e.g. `mqtt://127.0.0.1:1883`. */
  readonly brokerUrl: string;
  /** The privileged identity allowed to publish on `$aws/events/…`. */
  readonly username: string;
  readonly password: string;
  /** Default `fleet-simulator-registry-{random}`. */
  readonly clientId?: string;
  /** Events published before waiting for their PUBACKs. Default 100. */
  readonly batchSize?: number;
  /** Event timestamps, epoch ms. Default `Date.now`. */
  readonly now?: () => number;
}

/**
 * Local mode's stand-in for the IoT registry (until its emulator exists): announces each thing
 * with the registry's own `created` event over a privileged MQTT connection. It resolves once
 * the broker has acknowledged every event, so the devices it announced may then connect.
 */
export function registryEventProvisioner(
  options: RegistryEventProvisionerOptions,
): ThingProvisioner {
  const batchSize = Math.max(1, options.batchSize ?? 100);
  const now = options.now ?? Date.now;
  return {
    async provision(things) {
      if (things.length === 0) return;
      const client = await connectAsync(options.brokerUrl, {
        clientId: options.clientId ?? `fleet-simulator-registry-${randomUUID().slice(0, 8)}`,
        username: options.username,
        password: options.password,
        protocolVersion: 4,
        clean: true,
        // A dropped connection fails the provisioning instead of retrying behind our back.
        reconnectPeriod: 0,
        connectTimeout: 15_000,
      });
      // Errors surface as rejected publishes; without a listener they would crash the process.
      client.on('error', () => undefined);
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
        }
      } finally {
        await client.endAsync();
      }
    },
  };
}
