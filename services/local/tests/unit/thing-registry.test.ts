import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalThingRegistry } from '../../src/iot-core/thing-registry';

describe('LocalThingRegistry', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'things-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('learns things from registry events and keeps them across restarts', async () => {
    const file = join(dir, 'things.json');
    const registry = new LocalThingRegistry(file);
    for (let i = 0; i < 1000; i++) registry.applyEvent(`$aws/events/thing/tcu-${i}/created`);
    expect(registry.applyEvent('$aws/events/thing/tcu-1/updated')).toBe(false);
    expect(registry.applyEvent('$aws/events/thing/tcu-2/deleted')).toBe(true);
    expect(registry.applyEvent('$aws/events/thingGroup/g/created')).toBe(false);
    await registry.flush();
    expect((JSON.parse(readFileSync(file, 'utf8')) as string[]).length).toBe(999);

    const restarted = new LocalThingRegistry(file);
    expect(restarted.has('tcu-999')).toBe(true);
    expect(restarted.has('tcu-2')).toBe(false);
    expect(restarted.size).toBe(999);
  });
});
