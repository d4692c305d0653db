import type { DevicesDocument } from '@fleet/index-mappings';
import { type ThingEvent, parseThingEvent } from '../../../src/registry/thing-event';
import { planThing } from '../../../src/registry/thing-plan';
import created from '../../events/registry-created.json';
import deleted from '../../events/registry-deleted.json';
import updated from '../../events/registry-updated.json';

const NOW = Date.parse('2026-12-01T00:00:00Z');

function event(payload: object, change: object = {}): ThingEvent {
  const parsed = parseThingEvent({ payload: { ...payload, ...change } });
  if (!parsed.success) throw new Error(parsed.reason);
  return parsed.event;
}

/** The document a plan writes for a thing with no stored document. */
function devicesDocumentAfter(...events: ThingEvent[]): DevicesDocument {
  const plan = planThing('tcu-0001', undefined, events, NOW);
  if (!plan.device) throw new Error('expected a device');
  return plan.device;
}

describe('planThing', () => {
  it('builds the devices document from a created event, versioned with versionNumber', () => {
    const plan = planThing('tcu-0001', undefined, [event(created)], NOW);
    expect(plan.outcomes).toEqual(['applied']);
    expect(plan.device).toEqual({
      deviceid: 'tcu-0001',
      thingname: 'tcu-0001',
      thingid: 'b604f69c-aa9a-4d4a-829e-c480e958a0b5',
      versionnumber: 1,
      vin: '1HGCM82633A004352',
      make: 'Honda',
      model: 'Accord',
      year: 2021,
      colour: 'Blue',
      softwareversion: '1.2.3',
      attributes: created.attributes,
      createdat: '2025-11-30T08:15:00.000Z',
      updatedat: '2025-11-30T08:15:00.000Z',
    });
    expect(plan.write).toEqual({
      action: 'index',
      index: 'devices',
      id: 'tcu-0001',
      document: plan.device,
      externalVersion: { version: 1, type: 'external_gte' },
    });
    expect(plan.vins).toEqual(['1HGCM82633A004352']);
  });

  it('applies a batch in version order, whatever order it came in', () => {
    const plan = planThing('tcu-0001', undefined, [event(updated), event(created)], NOW);
    expect(plan.outcomes).toEqual(['applied', 'applied']);
    expect(plan.device).toMatchObject({
      versionnumber: 2,
      colour: 'Red',
      thingtypename: 'telematics-unit',
      createdat: '2025-11-30T08:15:00.000Z',
      updatedat: '2025-11-30T09:15:00.000Z',
    });
  });

  it('changes nothing for events not newer than the stored version', () => {
    const stored = devicesDocumentAfter(event(updated));
    const plan = planThing('tcu-0001', stored, [event(created), event(updated)], NOW);
    expect(plan.outcomes).toEqual(['stale', 'duplicate']);
    expect(plan.changed).toBe(false);
    expect(plan.write).toBeUndefined();
    expect(plan.device).toBe(stored);
  });

  it('counts a redelivery within the batch as a duplicate', () => {
    const plan = planThing('tcu-0001', undefined, [event(created), event(created)], NOW);
    expect(plan.outcomes).toEqual(['applied', 'duplicate']);
  });

  it('deletes with a tombstone above the deleted version', () => {
    const stored = devicesDocumentAfter(event(created), event(updated));
    const plan = planThing('tcu-0001', stored, [event(deleted)], NOW);
    expect(plan.outcomes).toEqual(['applied']);
    expect(plan.device).toBeUndefined();
    expect(plan.write).toEqual({
      action: 'delete',
      index: 'devices',
      id: 'tcu-0001',
      externalVersion: { version: 3, type: 'external_gte' },
    });
    expect(plan.vins).toEqual(['1HGCM82633A004352']);
  });

  it('names both the old and the new vehicle when the vin changes', () => {
    const stored = devicesDocumentAfter(event(created));
    const moved = event(updated, {
      attributes: { ...updated.attributes, vin: 'WVWZZZ1JZXW000001' },
    });
    const plan = planThing('tcu-0001', stored, [moved], NOW);
    expect(plan.vins).toEqual(['1HGCM82633A004352', 'WVWZZZ1JZXW000001']);
    expect(plan.device?.vin).toBe('WVWZZZ1JZXW000001');
  });

  it('keeps what the OTA handler recorded, and its software version until the attribute changes', () => {
    const stored: DevicesDocument = {
      ...devicesDocumentAfter(event(created)),
      softwareversion: '2.4.0',
      lastjobid: 'ota-2-4-0',
      lastjobstatus: 'SUCCEEDED',
      lastjobupdatedat: '2025-11-30T08:30:00.000Z',
    };
    const sameAttribute = planThing('tcu-0001', stored, [event(updated)], NOW).device;
    expect(sameAttribute).toMatchObject({
      softwareversion: '2.4.0',
      lastjobid: 'ota-2-4-0',
      lastjobstatus: 'SUCCEEDED',
      lastjobupdatedat: '2025-11-30T08:30:00.000Z',
    });
    const newAttribute = event(updated, {
      attributes: { ...updated.attributes, softwareVersion: '3.0.0' },
    });
    expect(planThing('tcu-0001', stored, [newAttribute], NOW).device?.softwareversion).toBe(
      '3.0.0',
    );
  });

  it('uses the time of processing when an event has no timestamp', () => {
    const { timestamp: _timestamp, ...untimed } = created;
    expect(devicesDocumentAfter(event(untimed))).toMatchObject({
      createdat: '2026-12-01T00:00:00.000Z',
      updatedat: '2026-12-01T00:00:00.000Z',
    });
  });
});
