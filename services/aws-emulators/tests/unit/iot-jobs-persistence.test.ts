import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JobsHarness, MINUTE, OTA_DOCUMENT, groupArn, thingArn } from '../support/iot-jobs-harness';

describe('IoT Jobs persistence', () => {
  let h: JobsHarness;
  beforeEach(() => {
    h = new JobsHarness();
    h.addGroup('fleet', ['v1', 'v2', 'v3']);
  });
  afterEach(() => h.dispose());

  it('reads back jobs and executions after a restart', async () => {
    h.createJob('ota-keep', {
      targets: [groupArn('fleet')],
      description: 'kept',
      jobExecutionsRolloutConfig: { maximumPerMinute: 2 },
      timeoutConfig: { inProgressTimeoutInMinutes: 5 },
    });
    h.startNext('v1', { statusDetails: { phase: 'flash' } });
    h.update('v2', 'ota-keep', { status: 'SUCCEEDED' });
    const before = {
      job: h.describeJob('ota-keep'),
      v1: h.control('DescribeJobExecution', { params: { thingName: 'v1', jobId: 'ota-keep' } }),
      v2: h.control('DescribeJobExecution', { params: { thingName: 'v2', jobId: 'ota-keep' } }),
    };

    await h.restart();

    expect(h.describeJob('ota-keep')).toEqual(before.job);
    expect(
      h.control('DescribeJobExecution', { params: { thingName: 'v1', jobId: 'ota-keep' } }),
    ).toEqual(before.v1);
    expect(
      h.control('DescribeJobExecution', { params: { thingName: 'v2', jobId: 'ota-keep' } }),
    ).toEqual(before.v2);
    expect(h.control('GetJobDocument', { params: { jobId: 'ota-keep' } }).document).toBe(
      OTA_DOCUMENT,
    );

    // The rollout and the timers carry on where they were.
    h.clock.advance(MINUTE);
    h.tick();
    expect(h.executionStatus('v3', 'ota-keep')).toBe('QUEUED');
    h.clock.advance(4 * MINUTE);
    h.tick();
    expect(h.executionStatus('v1', 'ota-keep')).toBe('TIMED_OUT');
    // A restart does not re-announce what devices were already told.
    const notifyNextV1 = h.on('$aws/things/v1/jobs/notify-next');
    expect(notifyNextV1).toHaveLength(2);
  });

  it('writes the file atomically, leaving no temporary file', async () => {
    h.addThings('solo');
    for (let i = 0; i < 20; i++) h.createJob(`ota-${i}`, { targets: [thingArn('solo')] });
    await h.jobs.close();
    const file = join(h.dataDir, 'iot-jobs.json');
    const stored = JSON.parse(readFileSync(file, 'utf8'));
    expect(stored.jobs).toHaveLength(20);
    expect(stored.executions).toHaveLength(20);
    expect(readdirSync(h.dataDir)).toEqual(['iot-jobs.json']);
  });

  it('refuses to start on a corrupt store rather than lose it', async () => {
    await h.jobs.close();
    writeFileSync(join(h.dataDir, 'iot-jobs.json'), '{"version":1,"jobs":[{}]}');
    await expect(h.restart()).rejects.toThrow(/not an IoT Jobs store/);
    expect(existsSync(join(h.dataDir, 'iot-jobs.json'))).toBe(true);
  });
});
