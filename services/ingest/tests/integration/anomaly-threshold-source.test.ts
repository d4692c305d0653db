import { DEFAULT_ANOMALY_THRESHOLDS } from '@fleet/fleet-config';
import { createAnomalyThresholdSource } from '../../src';
import { startFakeSsm } from '../support/fake-ssm';

const NAME = '/fleet/config/anomalyThresholds';

describe('anomaly thresholds from SSM Parameter Store', () => {
  it('reads the parameter, keeps defaults for fields left out, and caches for the TTL', async () => {
    const parameters = new Map([[NAME, JSON.stringify({ overSpeedKmh: 110 })]]);
    const ssm = await startFakeSsm(parameters);
    let now = 0;
    const errors: string[] = [];
    const thresholds = createAnomalyThresholdSource({
      ssm: ssm.client,
      configPath: '/fleet/config/',
      ttlMs: 30_000,
      now: () => now,
      onError: (message) => errors.push(message),
    });
    try {
      expect(await thresholds()).toEqual({ ...DEFAULT_ANOMALY_THRESHOLDS, overSpeedKmh: 110 });
      await Promise.all([thresholds(), thresholds()]);
      expect(ssm.requests()).toBe(1);

      parameters.set(NAME, JSON.stringify({ overSpeedKmh: 120, lowFuelPercent: 5 }));
      now = 30_001;
      expect(await thresholds()).toMatchObject({ overSpeedKmh: 120, lowFuelPercent: 5 });
      expect(ssm.requests()).toBe(2);

      // An invalid value or an SSM outage keeps the last good thresholds.
      parameters.set(NAME, JSON.stringify({ overSpeedKmh: -5 }));
      now = 60_002;
      expect(await thresholds()).toMatchObject({ overSpeedKmh: 120 });
      ssm.setFailing(true);
      now = 90_003;
      expect(await thresholds()).toMatchObject({ overSpeedKmh: 120 });
      expect(errors).toHaveLength(2);
    } finally {
      await ssm.close();
    }
  });

  it('uses the defaults when the parameter does not exist', async () => {
    const ssm = await startFakeSsm(new Map());
    try {
      const thresholds = createAnomalyThresholdSource({
        ssm: ssm.client,
        configPath: '/fleet/config',
        ttlMs: 1000,
      });
      expect(await thresholds()).toEqual(DEFAULT_ANOMALY_THRESHOLDS);
    } finally {
      await ssm.close();
    }
  });
});
