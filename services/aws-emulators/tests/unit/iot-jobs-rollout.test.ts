import { JobsHarness, MINUTE, groupArn, thingArn } from '../support/iot-jobs-harness';

describe('IoT Jobs rollout', () => {
  let h: JobsHarness;
  beforeEach(() => {
    h = new JobsHarness();
  });
  afterEach(() => h.dispose());

  const released = (jobId: string): number =>
    Number(h.control('ListJobExecutionsForJob', { params: { jobId } }).executionSummaries.length);

  it('releases at most maximumPerMinute executions until the clock moves on a minute', () => {
    h.addGroup('fleet', ['v1', 'v2', 'v3', 'v4', 'v5']);
    h.createJob('ota-rate', {
      targets: [groupArn('fleet')],
      jobExecutionsRolloutConfig: { maximumPerMinute: 2 },
    });

    expect(released('ota-rate')).toBe(2);
    expect(h.on('$aws/things/').filter((m) => m.topic.endsWith('/notify-next'))).toHaveLength(2);
    expect(h.data('GetPendingJobExecutions', { params: { thingName: 'v3' } }).queuedJobs).toEqual(
      [],
    );

    h.clock.advance(59_000);
    h.tick();
    expect(released('ota-rate')).toBe(2);

    h.clock.advance(1_000);
    h.tick();
    expect(released('ota-rate')).toBe(4);
    expect(h.describeJob('ota-rate').jobProcessDetails.numberOfQueuedThings).toBe(4);

    h.clock.advance(MINUTE);
    h.tick();
    expect(released('ota-rate')).toBe(5);
    expect(h.describeJob('ota-rate').status).toBe('IN_PROGRESS');
  });

  it('releases everything at once without a rollout configuration', () => {
    h.addGroup('fleet', ['v1', 'v2', 'v3']);
    h.createJob('ota-all', { targets: [groupArn('fleet')] });
    expect(released('ota-all')).toBe(3);
  });

  it('multiplies an exponential rate each time the notified criterion is met', () => {
    const things = Array.from({ length: 20 }, (_, i) => `v${i}`);
    h.addGroup('fleet', things);
    h.createJob('ota-exp', {
      targets: [groupArn('fleet')],
      jobExecutionsRolloutConfig: {
        exponentialRate: {
          baseRatePerMinute: 2,
          incrementFactor: 2,
          rateIncreaseCriteria: { numberOfNotifiedThings: 2 },
        },
      },
    });
    // Minute 1: the base rate; 2 notified raise the rate to 4.
    expect(released('ota-exp')).toBe(2);
    h.clock.advance(MINUTE);
    h.tick();
    // Minute 2: 4 more; 6 notified in all, two more increases: 16.
    expect(released('ota-exp')).toBe(6);
    h.clock.advance(MINUTE);
    h.tick();
    expect(released('ota-exp')).toBe(20);
  });

  it('raises an exponential rate on succeeded things, capped by maximumPerMinute', () => {
    const things = Array.from({ length: 12 }, (_, i) => `v${i}`);
    h.addGroup('fleet', things);
    h.createJob('ota-succ', {
      targets: [groupArn('fleet')],
      jobExecutionsRolloutConfig: {
        maximumPerMinute: 3,
        exponentialRate: {
          baseRatePerMinute: 1,
          incrementFactor: 5,
          rateIncreaseCriteria: { numberOfSucceededThings: 1 },
        },
      },
    });
    expect(released('ota-succ')).toBe(1);
    h.clock.advance(MINUTE);
    h.tick();
    // Nothing succeeded: the rate stays at 1.
    expect(released('ota-succ')).toBe(2);

    h.update('v0', 'ota-succ', { status: 'SUCCEEDED' });
    h.clock.advance(MINUTE);
    h.tick();
    // 1 × 5 = 5, capped at maximumPerMinute 3.
    expect(released('ota-succ')).toBe(5);
  });

  it('keeps a CONTINUOUS job running and releases to things added to its group', () => {
    h.addGroup('fleet', ['v1']);
    h.addThings('solo');
    h.createJob('ota-cont', {
      targets: [groupArn('fleet'), thingArn('solo')],
      targetSelection: 'CONTINUOUS',
    });
    h.update('v1', 'ota-cont', { status: 'SUCCEEDED' });
    h.update('solo', 'ota-cont', { status: 'SUCCEEDED' });
    expect(h.describeJob('ota-cont').status).toBe('IN_PROGRESS');

    h.addThings('v2');
    h.directory.groups.set('fleet', ['v1', 'v2']);
    h.tick();
    expect(h.executionStatus('v2', 'ota-cont')).toBe('QUEUED');
    expect(released('ota-cont')).toBe(3);
  });

  it('completes a SNAPSHOT job only once every target was released and finished', () => {
    h.addGroup('fleet', ['v1', 'v2', 'v3']);
    h.createJob('ota-snap', {
      targets: [groupArn('fleet')],
      jobExecutionsRolloutConfig: { maximumPerMinute: 2 },
    });
    h.update('v1', 'ota-snap', { status: 'SUCCEEDED' });
    h.update('v2', 'ota-snap', { status: 'FAILED' });
    expect(h.describeJob('ota-snap').status).toBe('IN_PROGRESS');

    h.clock.advance(MINUTE);
    h.tick();
    h.update('v3', 'ota-snap', { status: 'SUCCEEDED' });
    const job = h.describeJob('ota-snap');
    expect(job.status).toBe('COMPLETED');
    expect(job.completedAt).toBe(h.clock.now / 1000);
    expect(job.jobProcessDetails).toMatchObject({
      numberOfSucceededThings: 2,
      numberOfFailedThings: 1,
      numberOfQueuedThings: 0,
      processingTargets: [],
    });
  });
});
