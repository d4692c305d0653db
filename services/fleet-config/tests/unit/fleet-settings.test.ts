import {
  DEFAULT_FLEET_SETTINGS,
  MAX_AUDITED_CHANGES,
  configParameterName,
  fleetSettings,
  withChange,
} from '../../src';

describe('fleet settings', () => {
  it('has a default for every setting, so the fleet runs before anyone configures it', () => {
    expect(DEFAULT_FLEET_SETTINGS).toEqual({
      anomalyThresholds: {
        overSpeedKmh: 130,
        lowFuelPercent: 10,
        highOilTempCelsius: 120,
        harshAccelerationMs2: 4,
      },
      mapboxAccessToken: null,
      consoleRefreshIntervalSeconds: 10,
    });
  });

  it('rejects unknown settings and unknown thresholds instead of dropping them', () => {
    expect(fleetSettings.safeParse({ refresh: 5 }).success).toBe(false);
    expect(fleetSettings.safeParse({ anomalyThresholds: { overSpeedMph: 80 } }).success).toBe(
      false,
    );
  });

  it('names the bad field', () => {
    const result = fleetSettings.safeParse({
      mapboxAccessToken: 'sk.secret.token',
      consoleRefreshIntervalSeconds: 1,
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual([
      'mapboxAccessToken',
      'consoleRefreshIntervalSeconds',
    ]);
  });

  it('places each setting one level under the config path', () => {
    expect(configParameterName('/fleet/config/', 'mapboxAccessToken')).toBe(
      '/fleet/config/mapboxAccessToken',
    );
  });
});

describe('config audit', () => {
  const change = (n: number) => ({
    changedBy: `admin${n}@fleet.local`,
    changedAt: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString(),
    settings: ['anomalyThresholds'],
  });

  it('keeps the newest changes first and drops the oldest beyond the bound', () => {
    let audit = { changes: [change(0)] };
    for (let n = 1; n <= MAX_AUDITED_CHANGES + 5; n++) audit = withChange(audit, change(n));
    expect(audit.changes).toHaveLength(MAX_AUDITED_CHANGES);
    expect(audit.changes[0]).toEqual(change(MAX_AUDITED_CHANGES + 5));
  });

  it('stays within the 4 KB parameter limit even with long names', () => {
    let audit = { changes: [] as ReturnType<typeof change>[] };
    for (let n = 0; n < MAX_AUDITED_CHANGES; n++) {
      audit = withChange(audit, { ...change(n), changedBy: 'x'.repeat(400) });
    }
    expect(JSON.stringify(audit).length).toBeLessThanOrEqual(4000);
    expect(audit.changes.length).toBeGreaterThan(1);
  });
});
