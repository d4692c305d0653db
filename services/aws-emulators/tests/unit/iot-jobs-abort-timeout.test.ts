import { ABORT_REASON_CODE } from '../../src/iot-jobs';
import { JobsHarness, MINUTE, groupArn, thingArn } from '../support/iot-jobs-harness';

describe('IoT Jobs abort configuration', () => {
  let h: JobsHarness;
  beforeEach(() => {
    h = new JobsHarness();
  });
  afterEach(() => h.dispose());

  const things = ['v1', 'v2', 'v3', 'v4', 'v5', 'v6'];
  const abortAtHalf = (failureType: string) => ({
    criteriaList: [
      { failureType, action: 'CANCEL', thresholdPercentage: 50, minNumberOfExecutedThings: 4 },
    ],
  });

  it('cancels the job once enough things failed, and its queued executions with it', () => {
    h.addGroup('fleet', things);
    h.createJob('ota-abort', { targets: [groupArn('fleet')], abortConfig: abortAtHalf('FAILED') });
    h.startNext('v6');
    h.update('v1', 'ota-abort', { status: 'FAILED' });
    h.update('v2', 'ota-abort', { status: 'FAILED' });
    h.update('v3', 'ota-abort', { status: 'FAILED' });
    // Every executed thing failed, but fewer than minNumberOfExecutedThings have finished.
    expect(h.describeJob('ota-abort').status).toBe('IN_PROGRESS');

    h.update('v4', 'ota-abort', { status: 'SUCCEEDED' });
    const job = h.describeJob('ota-abort');
    expect(job.status).toBe('CANCELED');
    expect(job.reasonCode).toBe(ABORT_REASON_CODE);
    expect(job.comment).toContain('3 of 4');
    expect(job.jobProcessDetails).toMatchObject({
      numberOfFailedThings: 3,
      numberOfSucceededThings: 1,
      numberOfCanceledThings: 1,
      numberOfInProgressThings: 1,
    });
    expect(h.executionStatus('v5', 'ota-abort')).toBe('CANCELED');
    // An abort cancels without force: the device already at work may finish.
    expect(h.executionStatus('v6', 'ota-abort')).toBe('IN_PROGRESS');
    expect(h.on('$aws/events/job/ota-abort/canceled')).toHaveLength(1);
  });

  it('does not abort below the threshold', () => {
    h.addGroup('fleet', things);
    h.createJob('ota-ok', { targets: [groupArn('fleet')], abortConfig: abortAtHalf('FAILED') });
    h.update('v1', 'ota-ok', { status: 'FAILED' });
    for (const thing of ['v2', 'v3', 'v4']) h.update(thing, 'ota-ok', { status: 'SUCCEEDED' });
    expect(h.describeJob('ota-ok').status).toBe('IN_PROGRESS');
  });

  it('counts rejections, time-outs and failures together for failureType ALL', () => {
    h.addGroup('fleet', things);
    h.createJob('ota-all', {
      targets: [groupArn('fleet')],
      abortConfig: abortAtHalf('ALL'),
      timeoutConfig: { inProgressTimeoutInMinutes: 1 },
    });
    h.startNext('v1');
    h.clock.advance(MINUTE);
    h.tick();
    h.update('v2', 'ota-all', { status: 'REJECTED' });
    h.update('v3', 'ota-all', { status: 'SUCCEEDED' });
    expect(h.describeJob('ota-all').status).toBe('IN_PROGRESS');
    h.update('v4', 'ota-all', { status: 'SUCCEEDED' });
    expect(h.describeJob('ota-all').status).toBe('CANCELED');
  });

  it('counts only rejections for failureType REJECTED', () => {
    h.addGroup('fleet', things);
    h.createJob('ota-rej', { targets: [groupArn('fleet')], abortConfig: abortAtHalf('REJECTED') });
    for (const thing of ['v1', 'v2']) h.update(thing, 'ota-rej', { status: 'FAILED' });
    for (const thing of ['v3', 'v4']) h.update(thing, 'ota-rej', { status: 'SUCCEEDED' });
    expect(h.describeJob('ota-rej').status).toBe('IN_PROGRESS');
    h.update('v5', 'ota-rej', { status: 'REJECTED' });
    h.update('v6', 'ota-rej', { status: 'REJECTED' });
    expect(h.describeJob('ota-rej').status).toBe('COMPLETED');
  });
});

describe('IoT Jobs timeouts', () => {
  let h: JobsHarness;
  beforeEach(() => {
    h = new JobsHarness();
    h.addThings('v1', 'v2');
  });
  afterEach(() => h.dispose());

  it('times out an IN_PROGRESS execution after inProgressTimeoutInMinutes', () => {
    h.createJob('ota-slow', {
      targets: [thingArn('v1'), thingArn('v2')],
      timeoutConfig: { inProgressTimeoutInMinutes: 10 },
    });
    h.startNext('v1');
    h.clock.advance(4 * MINUTE);
    const described = h.data('DescribeJobExecution', {
      params: { thingName: 'v1', jobId: 'ota-slow' },
    });
    expect(described.execution.approximateSecondsBeforeTimedOut).toBe(6 * 60);

    h.clock.advance(6 * MINUTE - 1);
    h.tick();
    expect(h.executionStatus('v1', 'ota-slow')).toBe('IN_PROGRESS');
    h.clock.advance(1);
    h.tick();
    expect(h.executionStatus('v1', 'ota-slow')).toBe('TIMED_OUT');
    // A queued execution has not started its timer.
    expect(h.executionStatus('v2', 'ota-slow')).toBe('QUEUED');
    expect(h.describeJob('ota-slow').jobProcessDetails.numberOfTimedOutThings).toBe(1);
    expect(h.on('$aws/events/jobExecution/ota-slow/timed_out')).toHaveLength(1);

    const late = h.data('DescribeJobExecution', {
      params: { thingName: 'v1', jobId: 'ota-slow' },
    });
    expect(late.execution.approximateSecondsBeforeTimedOut).toBeUndefined();
  });

  it('times out on the step timer a device set, and a later update resets it', () => {
    h.createJob('ota-step', { targets: [thingArn('v1'), thingArn('v2')] });
    h.startNext('v1', { stepTimeoutInMinutes: 5 });
    h.startNext('v2', { stepTimeoutInMinutes: 5 });
    h.clock.advance(4 * MINUTE);
    h.update('v1', 'ota-step', { status: 'IN_PROGRESS', stepTimeoutInMinutes: 5 });
    h.clock.advance(MINUTE);
    h.tick();
    expect(h.executionStatus('v2', 'ota-step')).toBe('TIMED_OUT');
    expect(h.executionStatus('v1', 'ota-step')).toBe('IN_PROGRESS');
    h.clock.advance(4 * MINUTE);
    h.tick();
    expect(h.executionStatus('v1', 'ota-step')).toBe('TIMED_OUT');
    expect(h.describeJob('ota-step').status).toBe('COMPLETED');
  });

  it('refuses a device update after its execution timed out', () => {
    h.createJob('ota-late', {
      targets: [thingArn('v1')],
      timeoutConfig: { inProgressTimeoutInMinutes: 1 },
    });
    h.startNext('v1');
    h.clock.advance(MINUTE);
    h.tick();
    const reply = h.mqtt('$aws/things/v1/jobs/ota-late/update', {
      status: 'SUCCEEDED',
      clientToken: 'late-1',
    });
    expect(reply[0]).toMatchObject({
      topic: '$aws/things/v1/jobs/ota-late/update/rejected',
      payload: {
        code: 'InvalidStateTransition',
        clientToken: 'late-1',
        executionState: { status: 'TIMED_OUT' },
      },
    });
  });
});
