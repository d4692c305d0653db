import type { DevicesDocument } from '@fleet/index-mappings';
import { readThingAttributes } from './thing-attributes';
import type { ThingEvent } from './thing-event';

/**
 * The `devices` document a created or updated thing event leaves, given the one before it.
 * What the OTA handler keeps there (the last job, and the software version it installed) is
 * carried over: a registry event only replaces the software version when its attribute changed.
 * Times come from the event, so a redelivered event builds the same document.
 */
export function registryDeviceDocument(
  event: ThingEvent,
  previous: DevicesDocument | undefined,
  now: number,
): DevicesDocument {
  const at = new Date(event.timestamp ?? now).toISOString();
  const { vin, make, model, year, colour, softwareversion: attributeVersion } = event.staticData;
  const previousAttributeVersion =
    previous?.attributes && readThingAttributes(previous.attributes).data.softwareversion;
  const softwareversion =
    previous === undefined || attributeVersion !== previousAttributeVersion
      ? (attributeVersion ?? previous?.softwareversion)
      : (previous.softwareversion ?? attributeVersion);
  return withoutUndefined({
    deviceid: event.thingName,
    thingname: event.thingName,
    thingid: event.thingId,
    thingtypename: event.thingTypeName,
    versionnumber: event.versionNumber,
    vin,
    make,
    model,
    year,
    colour,
    softwareversion,
    attributes: { ...event.attributes },
    createdat: previous?.createdat ?? at,
    updatedat: at,
    lastjobid: previous?.lastjobid,
    lastjobstatus: previous?.lastjobstatus,
    lastjobupdatedat: previous?.lastjobupdatedat,
  });
}

/** Keeps stored documents free of `undefined` keys, so comparing them is comparing their JSON. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
