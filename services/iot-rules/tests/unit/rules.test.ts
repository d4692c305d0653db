import { INGEST_HANDLER_NAMES, IOT_RULES, errorRecordKey } from '../../src';

describe('IOT_RULES', () => {
  it('names every rule as IoT requires, once', () => {
    const names = IOT_RULES.map((rule) => rule.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-zA-Z0-9_]{1,128}$/);
  });

  it('feeds every ingest handler from at least one rule', () => {
    const fed = IOT_RULES.flatMap((rule) =>
      rule.action.kind === 'handler' ? [rule.action.handler] : [],
    );
    expect([...new Set(fed)].sort()).toEqual([...INGEST_HANDLER_NAMES].sort());
  });

  it('adds the device id and receive time on every device data rule', () => {
    for (const rule of IOT_RULES.filter(
      (r) => r.action.kind === 'handler' && r.sql.includes("'dt/cvra/"),
    )) {
      expect(rule.sql).toContain('topic(3) AS deviceid');
      expect(rule.sql).toContain('timestamp() AS receivedat');
    }
  });
});

describe('errorRecordKey', () => {
  it('groups error records by rule and day', () => {
    const key = errorRecordKey(
      {
        ruleName: 'fleet_cardata',
        topic: 'dt/cvra/tcu-1/cardata',
        base64OriginalPayload: '',
        failures: [],
        recordedAt: '2026-11-30T08:15:02.250Z',
      },
      'abc',
    );
    expect(key).toBe('fleet_cardata/2026-11-30/081502250-abc.json');
  });
});
