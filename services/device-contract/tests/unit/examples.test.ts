import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEVICE_MESSAGE_KINDS, parseDeviceMessage } from '../../src';

/** The JSON block under each `## {kind}` heading of docs/DEVICE-CONTRACT.md. */
function documentedExamples(): Map<string, unknown> {
  const doc = readFileSync(join(__dirname, '../../../../docs/DEVICE-CONTRACT.md'), 'utf8');
  const examples = new Map<string, unknown>();
  for (const section of doc.split(/^## /m).slice(1)) {
    const heading = section.slice(0, section.indexOf('\n')).trim();
    const json = /```json\n([\s\S]*?)```/.exec(section)?.[1];
    if (json !== undefined) examples.set(heading, JSON.parse(json));
  }
  return examples;
}

const rule = { deviceid: 'tcu-0001', receivedat: Date.parse('2026-11-30T09:00:00Z') };

describe('docs/DEVICE-CONTRACT.md', () => {
  const examples = documentedExamples();

  it.each(DEVICE_MESSAGE_KINDS)('documents a %s payload that the schema accepts', (kind) => {
    const example = examples.get(kind);
    expect(example).toBeDefined();
    const parsed = parseDeviceMessage(kind, { ...(example as object), ...rule });
    expect(parsed).toMatchObject({ success: true });
  });

  it('reads the documented cardata the way the backend stores it', () => {
    const parsed = parseDeviceMessage('cardata', {
      ...(examples.get('cardata') as object),
      ...rule,
    });
    if (!parsed.success) throw new Error(parsed.reason);
    expect(parsed.message).toMatchObject({
      vin: '1HGCM82633A004352',
      deviceid: 'tcu-0001',
      sendtimestamp: '2026-11-30T08:15:02.250Z',
      geolocation: { latitude: 48.85837, longitude: 2.29448, speed: 46.8 },
      communications: { gsm: { mcc: '208' } },
      odometer: { metres: 48213004 },
      fuelinfo: { tankcapacity: 56 },
    });
  });
});
