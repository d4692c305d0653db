import {
  JobsHarness,
  MINUTE,
  OTA_DOCUMENT,
  START,
  serviceError,
  thingArn,
} from '../support/iot-jobs-harness';

describe('IoT jobs data plane over HTTP', () => {
  let h: JobsHarness;
  beforeEach(() => {
    h = new JobsHarness();
    h.addThings('v1', 'v2');
    h.createJob('ota-1', { targets: [thingArn('v1'), thingArn('v2')] });
  });
  afterEach(() => h.dispose());

  it('lists pending executions, in progress first', () => {
    h.clock.advance(1_000);
    h.createJob('ota-2', { targets: [thingArn('v1')] });
    h.update('v1', 'ota-2', { status: 'IN_PROGRESS' });
    const pending = h.data('GetPendingJobExecutions', { params: { thingName: 'v1' } });
    expect(pending).toEqual({
      inProgressJobs: [
        {
          jobId: 'ota-2',
          queuedAt: START / 1000 + 1,
          startedAt: START / 1000 + 1,
          lastUpdatedAt: START / 1000 + 1,
          versionNumber: 2,
          executionNumber: 1,
        },
      ],
      queuedJobs: [
        {
          jobId: 'ota-1',
          queuedAt: START / 1000,
          lastUpdatedAt: START / 1000,
          versionNumber: 1,
          executionNumber: 1,
        },
      ],
    });
  });

  it('starts the next pending execution with its details, document and step timer', () => {
    h.clock.advance(2_000);
    const { execution } = h.startNext('v1', {
      statusDetails: { phase: 'download' },
      stepTimeoutInMinutes: 3,
    });
    expect(execution).toEqual({
      jobId: 'ota-1',
      thingName: 'v1',
      jobDocument: OTA_DOCUMENT,
      status: 'IN_PROGRESS',
      statusDetails: { phase: 'download' },
      queuedAt: START / 1000,
      startedAt: START / 1000 + 2,
      lastUpdatedAt: START / 1000 + 2,
      approximateSecondsBeforeTimedOut: 180,
      versionNumber: 2,
      executionNumber: 1,
    });
    // Already in progress: returned as it is.
    expect(h.startNext('v1').execution.versionNumber).toBe(2);
  });

  it('answers StartNext with no execution when nothing is pending', () => {
    h.update('v1', 'ota-1', { status: 'SUCCEEDED' });
    expect(h.startNext('v1')).toEqual({});
    expect(h.data('DescribeJobExecution', { params: { thingName: 'v1', jobId: '$next' } })).toEqual(
      {},
    );
  });

  it('describes an execution and $next, with the document unless told otherwise', () => {
    const next = h.data('DescribeJobExecution', { params: { thingName: 'v2', jobId: '$next' } });
    expect(next.execution).toMatchObject({
      jobId: 'ota-1',
      status: 'QUEUED',
      jobDocument: OTA_DOCUMENT,
    });
    const bare = h.data('DescribeJobExecution', {
      params: { thingName: 'v2', jobId: 'ota-1' },
      query: { includeJobDocument: 'false' },
    });
    expect(bare.execution.jobDocument).toBeUndefined();
    expect(
      serviceError(() =>
        h.data('DescribeJobExecution', { params: { thingName: 'v2', jobId: 'nope' } }),
      ),
    ).toMatchObject({ errorType: 'ResourceNotFoundException', status: 404 });
    expect(
      serviceError(() =>
        h.data('DescribeJobExecution', {
          params: { thingName: 'v2', jobId: 'ota-1' },
          query: { executionNumber: '7' },
        }),
      ).errorType,
    ).toBe('ResourceNotFoundException');
  });

  it('merges statusDetails and returns the state and document when asked', () => {
    h.update('v1', 'ota-1', { status: 'IN_PROGRESS', statusDetails: { phase: 'download' } });
    const answer = h.update('v1', 'ota-1', {
      status: 'IN_PROGRESS',
      statusDetails: { progress: '50' },
      includeJobExecutionState: true,
      includeJobDocument: true,
    });
    expect(answer).toEqual({
      executionState: {
        status: 'IN_PROGRESS',
        statusDetails: { phase: 'download', progress: '50' },
        versionNumber: 3,
      },
      jobDocument: OTA_DOCUMENT,
    });
    expect(h.update('v1', 'ota-1', { status: 'IN_PROGRESS' })).toEqual({});
  });

  it('lets a device go from QUEUED straight to a final status', () => {
    h.update('v1', 'ota-1', { status: 'REJECTED', statusDetails: { reason: 'battery low' } });
    expect(h.executionStatus('v1', 'ota-1')).toBe('REJECTED');
  });

  it.each([
    ['QUEUED', 'IN_PROGRESS'],
    ['CANCELED', 'IN_PROGRESS'],
    ['TIMED_OUT', 'QUEUED'],
    ['REMOVED', 'QUEUED'],
  ])('refuses a device report of %s (from %s)', (target, from) => {
    if (from === 'IN_PROGRESS') h.startNext('v1');
    const error = serviceError(() => h.update('v1', 'ota-1', { status: target }));
    expect(error).toMatchObject({ errorType: 'InvalidStateTransitionException', status: 409 });
    expect(h.executionStatus('v1', 'ota-1')).toBe(from);
  });

  it('refuses an update whose expectedVersion is not the current one', () => {
    h.update('v1', 'ota-1', { status: 'IN_PROGRESS', expectedVersion: 1 });
    const error = serviceError(() =>
      h.update('v1', 'ota-1', { status: 'SUCCEEDED', expectedVersion: 1 }),
    );
    expect(error).toMatchObject({ errorType: 'VersionConflictException', status: 409 });
    expect(h.executionStatus('v1', 'ota-1')).toBe('IN_PROGRESS');
    h.update('v1', 'ota-1', { status: 'SUCCEEDED', expectedVersion: 2 });
    expect(h.executionStatus('v1', 'ota-1')).toBe('SUCCEEDED');
  });

  it('takes a repeated IN_PROGRESS report as a new version and a repeated final one not at all', () => {
    h.update('v1', 'ota-1', { status: 'IN_PROGRESS' });
    h.update('v1', 'ota-1', { status: 'IN_PROGRESS' });
    expect(
      h.update('v1', 'ota-1', { status: 'IN_PROGRESS', includeJobExecutionState: true })
        .executionState.versionNumber,
    ).toBe(4);

    h.update('v1', 'ota-1', { status: 'SUCCEEDED' });
    const error = serviceError(() => h.update('v1', 'ota-1', { status: 'SUCCEEDED' }));
    expect(error.errorType).toBe('InvalidStateTransitionException');
    expect(h.on('$aws/events/jobExecution/ota-1/succeeded')).toHaveLength(1);
  });

  it('refuses an update that arrives after the execution ended (out of order)', () => {
    h.update('v1', 'ota-1', { status: 'FAILED' });
    const error = serviceError(() =>
      h.update('v1', 'ota-1', { status: 'IN_PROGRESS', statusDetails: { progress: '10' } }),
    );
    expect(error.errorType).toBe('InvalidStateTransitionException');
    expect(
      h.control('DescribeJobExecution', { params: { thingName: 'v1', jobId: 'ota-1' } }).execution,
    ).toMatchObject({ status: 'FAILED', statusDetails: { detailsMap: {} }, versionNumber: 2 });
  });

  it('refuses a device update of an execution force-canceled under it', () => {
    h.startNext('v1');
    h.control('CancelJob', { params: { jobId: 'ota-1' }, query: { force: 'true' } });
    expect(serviceError(() => h.update('v1', 'ota-1', { status: 'SUCCEEDED' })).errorType).toBe(
      'InvalidStateTransitionException',
    );
  });

  it('validates bodies, naming the field', () => {
    expect(serviceError(() => h.update('v1', 'ota-1', {}))).toMatchObject({
      errorType: 'InvalidRequestException',
      message: expect.stringContaining("'status'"),
    });
    expect(serviceError(() => h.update('v1', 'ota-1', { status: 'DONE' })).message).toContain(
      "'status'",
    );
    expect(
      serviceError(() => h.update('v1', 'ota-1', { status: 'IN_PROGRESS', expectedVersion: 'x' }))
        .message,
    ).toContain("'expectedVersion'");
    expect(serviceError(() => h.startNext('v1', { stepTimeoutInMinutes: 0 })).message).toContain(
      "'stepTimeoutInMinutes'",
    );
    expect(
      serviceError(() =>
        h.data('UpdateJobExecution', {
          params: { thingName: 'v1', jobId: 'bad job' },
          body: { status: 'IN_PROGRESS' },
        }),
      ).message,
    ).toContain("'jobId'");
  });

  it('refuses oversized status details', () => {
    const long = 'x'.repeat(1025);
    expect(
      serviceError(() =>
        h.update('v1', 'ota-1', { status: 'IN_PROGRESS', statusDetails: { log: long } }),
      ),
    ).toMatchObject({
      errorType: 'InvalidRequestException',
      message: expect.stringContaining("'statusDetails.log'"),
    });
    const eleven = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v']));
    expect(
      serviceError(() => h.update('v1', 'ota-1', { status: 'IN_PROGRESS', statusDetails: eleven }))
        .message,
    ).toContain("'statusDetails'");

    // Ten in one update, then one more: the merged details would exceed ten.
    const ten = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, 'v']));
    h.update('v1', 'ota-1', { status: 'IN_PROGRESS', statusDetails: ten });
    expect(
      serviceError(() =>
        h.update('v1', 'ota-1', { status: 'IN_PROGRESS', statusDetails: { extra: 'v' } }),
      ).errorType,
    ).toBe('InvalidRequestException');
  });

  it('reports a remaining in-progress timeout', () => {
    h.createJob('ota-t', {
      targets: [thingArn('v2')],
      timeoutConfig: { inProgressTimeoutInMinutes: 2 },
    });
    h.update('v2', 'ota-t', { status: 'IN_PROGRESS' });
    h.clock.advance(MINUTE / 2);
    const described = h.data('DescribeJobExecution', {
      params: { thingName: 'v2', jobId: 'ota-t' },
    });
    expect(described.execution.approximateSecondsBeforeTimedOut).toBe(90);
  });
});
