import {
  CreateThingCommand,
  CreateThingTypeCommand,
  type IoTClient,
  UpdateThingCommand,
} from '@aws-sdk/client-iot';
import { createLimiter, forEachConcurrently } from './concurrency';
import { type IotClientOptions, newIotClient, withIotClient } from './iot-client';
import type { ThingProvisioner, ThingRegistration } from './thing-provisioner';

/** The part of `IoTClient` the provisioner uses, so tests can stand in for AWS. */
export interface IotRegistryClient {
  send(command: CreateThingTypeCommand | CreateThingCommand | UpdateThingCommand): Promise<unknown>;
}

export interface IotRegistryProvisionerOptions extends IotClientOptions<IotRegistryClient> {
  /** Registry calls in flight at once. Default 10, well under the CreateThing rate limit. */
  readonly concurrency?: number;
  /**
   * Things without a type may carry only three attributes; vehicles carry six. Default
   * `fleet-vehicle`, created on first use.
   */
  readonly thingTypeName?: string;
}

const alreadyExists = (error: unknown) =>
  (error as { name?: unknown } | null)?.name === 'ResourceAlreadyExistsException';

async function ensureThingType(client: IotRegistryClient, thingTypeName: string) {
  try {
    await client.send(
      new CreateThingTypeCommand({
        thingTypeName,
        thingTypeProperties: {
          thingTypeDescription: 'A vehicle telematics unit (Fleet Manager)',
          searchableAttributes: ['vin', 'make', 'model'],
        },
      }),
    );
  } catch (error) {
    if (!alreadyExists(error)) throw error;
  }
}

async function registerThing(
  client: IotRegistryClient,
  thing: ThingRegistration,
  thingTypeName: string,
) {
  const attributes = { ...thing.attributes };
  try {
    await client.send(
      new CreateThingCommand({
        thingName: thing.thingName,
        thingTypeName,
        attributePayload: { attributes },
      }),
    );
  } catch (error) {
    // CreateThing refuses an existing thing whose attributes differ: bring it up to date.
    if (!alreadyExists(error)) throw error;
    await client.send(
      new UpdateThingCommand({
        thingName: thing.thingName,
        thingTypeName,
        attributePayload: { attributes, merge: true },
      }),
    );
  }
}

/**
 * Registers things in the AWS IoT registry: created, or updated when they already exist. A
 * software version reported after an OTA update is merged into the thing's attributes with
 * UpdateThing (the registry then publishes its `updated` event itself).
 */
export function iotRegistryProvisioner(
  options: IotRegistryProvisionerOptions = {},
): ThingProvisioner {
  const thingTypeName = options.thingTypeName ?? 'fleet-vehicle';
  const concurrency = Math.max(1, options.concurrency ?? 10);
  // Reports trickle in while the fleet runs: one client kept for them, and the same limit.
  let reportClient: IoTClient | undefined;
  const limit = createLimiter(concurrency);
  return {
    async provision(things: readonly ThingRegistration[]) {
      await withIotClient(options, async (client: IotRegistryClient) => {
        await ensureThingType(client, thingTypeName);
        await forEachConcurrently(things, concurrency, (thing) =>
          registerThing(client, thing, thingTypeName),
        );
      });
    },
    async reportSoftwareVersion(thingName: string, version: string) {
      const client: IotRegistryClient = options.client ?? (reportClient ??= newIotClient(options));
      await limit(() =>
        client.send(
          new UpdateThingCommand({
            thingName,
            attributePayload: { attributes: { softwareVersion: version }, merge: true },
          }),
        ),
      );
    },
    close() {
      reportClient?.destroy();
      reportClient = undefined;
      return Promise.resolve();
    },
  };
}
