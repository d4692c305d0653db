import type { DevicesDocument } from '@fleet/index-mappings';
import type { BulkOperation } from '../search/document-store';
import { registryDeviceDocument } from './device-document';
import { type ThingEvent, compareThingEvents } from './thing-event';

/**
 * What became of one event: `applied` moved the thing on; `duplicate` is the version already
 * stored (a redelivery); `stale` is older than what is stored.
 */
export type ThingEventOutcome = 'applied' | 'duplicate' | 'stale';

export interface ThingPlan {
  readonly thingName: string;
  /** One per event, in the order given. */
  readonly outcomes: readonly ThingEventOutcome[];
  /** The thing after the events; undefined when it is deleted or was never seen. */
  readonly device: DevicesDocument | undefined;
  /** True when an event was applied, so the thing's registry data changed. */
  readonly changed: boolean;
  /** The `devices` write, versioned with the registry's versionNumber; none when nothing changed. */
  readonly write?: BulkOperation;
  /** Every vehicle the device was, or is now, fitted to: all need their device list checked. */
  readonly vins: readonly string[];
}

/**
 * Applies one thing's events (any order; they are sorted here) to its stored `devices` document.
 * Events not newer than the stored version change nothing. Only the resulting state is written,
 * with external versioning, so a concurrent writer holding a newer version wins (409).
 */
export function planThing(
  thingName: string,
  stored: DevicesDocument | undefined,
  events: readonly ThingEvent[],
  now: number,
): ThingPlan {
  const order = events.map((_, i) => i).sort((a, b) => compareThingEvents(events[a]!, events[b]!));
  const outcomes: ThingEventOutcome[] = new Array<ThingEventOutcome>(events.length);
  // The newest state known: the stored document counts as a create or update at its version.
  let newest: Pick<ThingEvent, 'versionNumber' | 'operation'> | undefined = stored && {
    versionNumber: stored.versionnumber ?? -1,
    operation: 'UPDATED',
  };
  let device = stored;
  let deletedAt: number | undefined;
  for (const i of order) {
    const event = events[i]!;
    const age = newest === undefined ? 1 : compareThingEvents(event, newest);
    if (age < 0) outcomes[i] = 'stale';
    else if (age === 0) outcomes[i] = 'duplicate';
    else {
      outcomes[i] = 'applied';
      newest = event;
      if (event.operation === 'DELETED') {
        device = undefined;
        deletedAt = event.versionNumber;
      } else {
        device = registryDeviceDocument(event, device, now);
        deletedAt = undefined;
      }
    }
  }
  const changed = outcomes.includes('applied');
  const vins = new Set<string>();
  if (stored?.vin) vins.add(stored.vin);
  for (const event of events) if (event.staticData.vin) vins.add(event.staticData.vin);
  return {
    thingName,
    outcomes,
    device,
    changed,
    write: changed ? deviceWrite(thingName, device, deletedAt) : undefined,
    vins: [...vins],
  };
}

function deviceWrite(
  thingName: string,
  device: DevicesDocument | undefined,
  deletedAt: number | undefined,
): BulkOperation | undefined {
  if (device) {
    return {
      action: 'index',
      index: 'devices',
      id: thingName,
      document: device,
      externalVersion: { version: device.versionnumber ?? 0, type: 'external_gte' },
    };
  }
  if (deletedAt === undefined) return undefined;
  // Deleting leaves a versioned tombstone, so a late, older event cannot bring the thing back.
  // It is one above the deleted version: the OTA handler writes a device back at its stored
  // version, and must not resurrect one deleted since it read it.
  return {
    action: 'delete',
    index: 'devices',
    id: thingName,
    externalVersion: { version: deletedAt + 1, type: 'external_gte' },
  };
}
