import { ASSUMED_PRICES } from '../../src/cost/aws-prices';
import { estimateMonthlyCost } from '../../src/cost/monthly-cost';

const line = (estimate: ReturnType<typeof estimateMonthlyCost>, item: string) =>
  estimate.lines.find((l) => l.item === item)?.monthlyUsd;

describe('estimateMonthlyCost', () => {
  const direct = estimateMonthlyCost({ vehicles: 1_000, ingestMode: 'direct' });
  const batched = estimateMonthlyCost({ vehicles: 1_000, ingestMode: 'batched' });

  it('counts one message per vehicle every 2 s, all month', () => {
    expect(direct.messagesPerMonth).toBe(1_000 * 43_200 * 30);
    expect(direct.messagesPerSecond).toBeCloseTo(500);
  });

  it('prices IoT messaging by its tiers: the first billion at $1, the rest at $0.80', () => {
    expect(line(direct, 'IoT Core messaging')).toBeCloseTo(1_000 + 296 * 0.8);
    const large = estimateMonthlyCost({ vehicles: 100_000, ingestMode: 'batched' });
    expect(line(large, 'IoT Core messaging')).toBeCloseTo(1_000 + 4_000 * 0.8 + 124_600 * 0.7);
  });

  it('batched mode invokes Lambda once per batch and adds SQS; direct mode has no queue', () => {
    expect(line(batched, 'Lambda (ingest)')).toBeLessThan(line(direct, 'Lambda (ingest)')! / 10);
    expect(line(batched, 'SQS')).toBeCloseTo(1_296 * 1.2 * ASSUMED_PRICES.sqsRequestsPerMillion);
    expect(line(direct, 'SQS')).toBeUndefined();
  });

  it('sizes the domain to an even number of at least two data nodes, by storage or load', () => {
    const small = estimateMonthlyCost({ vehicles: 1, ingestMode: 'batched', retentionDays: 1 });
    expect(small.dataNodes).toBe(2);
    expect(direct.dataNodes % 2).toBe(0);
    // 90 days of history for 1,000 vehicles outgrows two nodes' disks.
    expect(direct.storageGb).toBeGreaterThan(2 * 1_024);
    expect(direct.dataNodes).toBeGreaterThanOrEqual(Math.ceil(direct.storageGb / 1_024));
    const shorter = estimateMonthlyCost({
      vehicles: 1_000,
      ingestMode: 'direct',
      retentionDays: 7,
    });
    expect(shorter.totalUsd).toBeLessThan(direct.totalUsd);
  });

  it('totals its lines', () => {
    const sum = batched.lines.reduce((total, l) => total + l.monthlyUsd, 0);
    expect(batched.totalUsd).toBeCloseTo(sum);
  });

  it('rejects a fleet that is not a positive whole number of vehicles', () => {
    expect(() => estimateMonthlyCost({ vehicles: 0, ingestMode: 'direct' })).toThrow(/vehicles/);
    expect(() => estimateMonthlyCost({ vehicles: 2.5, ingestMode: 'direct' })).toThrow(/vehicles/);
  });
});
