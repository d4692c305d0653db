import type { JobExecutionStatus } from '@fleet/device-contract';
import {
  JobsRequestError,
  type JobExecution,
  type JobExecutionUpdate,
  type JobsChannel,
} from '../../src/ota/jobs-channel';
import { OtaAgent, type OtaAgentOptions, type OtaOutcome } from '../../src/ota/ota-agent';
import { createRandom } from '../../src/random';

interface FakeExecution {
  status: JobExecutionStatus;
  versionNumber: number;
  statusDetails: Record<string, string>;
  readonly jobDocument: unknown;
}

const FINAL: readonly JobExecutionStatus[] = [
  'SUCCEEDED',
  'FAILED',
  'REJECTED',
  'CANCELED',
  'TIMED_OUT',
  'REMOVED',
];

/** IoT Jobs for one thing, as far as the agent can tell: versions, order and final states. */
class FakeJobs implements JobsChannel {
  readonly executions = new Map<string, FakeExecution>();
  readonly updates: { jobId: string; update: JobExecutionUpdate }[] = [];
  readonly failUpdates: JobsRequestError[] = [];
  startNextCalls = 0;
  closed = false;

  queue(jobId: string, jobDocument: unknown): void {
    this.executions.set(jobId, {
      status: 'QUEUED',
      versionNumber: 1,
      statusDetails: {},
      jobDocument,
    });
  }

  /** Someone else changed the execution (another writer, a console). */
  touch(jobId: string): void {
    this.executions.get(jobId)!.versionNumber += 1;
  }

  cancel(jobId: string): void {
    const execution = this.executions.get(jobId)!;
    execution.status = 'CANCELED';
    execution.versionNumber += 1;
  }

  statusOf(jobId: string) {
    return this.executions.get(jobId)?.status;
  }

  updatesOf(jobId: string) {
    return this.updates.filter((entry) => entry.jobId === jobId).map((entry) => entry.update);
  }

  startNext(): Promise<JobExecution | undefined> {
    this.startNextCalls += 1;
    const next = [...this.executions].find(
      ([, e]) => e.status === 'QUEUED' || e.status === 'IN_PROGRESS',
    );
    if (!next) return Promise.resolve(undefined);
    const [jobId, execution] = next;
    if (execution.status === 'QUEUED') {
      execution.status = 'IN_PROGRESS';
      execution.versionNumber += 1;
    }
    return Promise.resolve(this.view(jobId, execution));
  }

  describe(jobId: string): Promise<JobExecution | undefined> {
    const execution = this.executions.get(jobId);
    return Promise.resolve(execution && this.view(jobId, execution));
  }

  update(jobId: string, update: JobExecutionUpdate) {
    this.updates.push({ jobId, update });
    const injected = this.failUpdates.shift();
    if (injected) return Promise.reject(injected);
    const execution = this.executions.get(jobId);
    if (!execution) return Promise.reject(new JobsRequestError('ResourceNotFound', jobId));
    if (FINAL.includes(execution.status)) {
      return Promise.reject(new JobsRequestError('InvalidStateTransition', execution.status));
    }
    if (update.expectedVersion !== execution.versionNumber) {
      return Promise.reject(new JobsRequestError('VersionMismatch', 'version'));
    }
    execution.status = update.status;
    execution.statusDetails = { ...execution.statusDetails, ...update.statusDetails };
    execution.versionNumber += 1;
    return Promise.resolve({ status: execution.status, versionNumber: execution.versionNumber });
  }

  close(): void {
    this.closed = true;
  }

  private view(jobId: string, execution: FakeExecution): JobExecution {
    return {
      jobId,
      status: execution.status,
      versionNumber: execution.versionNumber,
      executionNumber: 1,
      jobDocument: execution.jobDocument,
      statusDetails: { ...execution.statusDetails },
    };
  }
}

const DURATION_MS = 10_000;
/** Past the slowest install (+25 %) and the final update's retries. */
const LONG_ENOUGH_MS = 20_000;
const otaJob = (desiredVersion: string) => ({ operation: 'ota_update', desiredVersion });

function setUp(options: Partial<OtaAgentOptions> = {}) {
  const jobs = new FakeJobs();
  let softwareVersion = '1.2.7';
  const vehicle = {
    get softwareVersion() {
      return softwareVersion;
    },
    installSoftware: (version: string) => {
      softwareVersion = version;
    },
  };
  const outcomes: OtaOutcome[] = [];
  const errors: unknown[] = [];
  const installed: string[] = [];
  const agent = new OtaAgent({
    channel: jobs,
    vehicle,
    random: createRandom(7),
    durationMs: DURATION_MS,
    failureRate: 0,
    onOutcome: (outcome) => outcomes.push(outcome),
    onError: (error) => errors.push(error),
    onInstalled: (version) => {
      installed.push(version);
      return Promise.resolve();
    },
    ...options,
  });
  return { jobs, vehicle, agent, outcomes, errors, installed };
}

describe('OTA agent', () => {
  beforeEach(() => jest.useFakeTimers({ now: Date.UTC(2026, 0, 5, 8) }));
  afterEach(() => jest.useRealTimers());

  it('installs the desired version, reporting progress a few times on the right versions', async () => {
    const { jobs, vehicle, agent, outcomes, errors, installed } = setUp();
    jobs.queue('job-1', otaJob('2.4.0'));
    agent.wake();
    await jest.advanceTimersByTimeAsync(DURATION_MS / 2);
    expect(jobs.statusOf('job-1')).toBe('IN_PROGRESS');
    expect(vehicle.softwareVersion).toBe('1.2.7');
    await jest.advanceTimersByTimeAsync(LONG_ENOUGH_MS);

    const updates = jobs.updatesOf('job-1');
    expect(
      updates.map((u) => [u.status, u.statusDetails?.step, u.statusDetails?.progress]),
    ).toEqual([
      ['IN_PROGRESS', 'downloading', '0'],
      ['IN_PROGRESS', 'downloading', '30'],
      ['IN_PROGRESS', 'installing', '60'],
      ['IN_PROGRESS', 'installing', '80'],
      ['SUCCEEDED', 'done', '100'],
    ]);
    // Queued at 1, started at 2: each update expects the version the one before left.
    expect(updates.map((u) => u.expectedVersion)).toEqual([2, 3, 4, 5, 6]);
    expect(updates.every((u) => u.executionNumber === 1)).toBe(true);
    expect(jobs.executions.get('job-1')!.statusDetails).toMatchObject({ softwareVersion: '2.4.0' });
    expect(vehicle.softwareVersion).toBe('2.4.0');
    expect(installed).toEqual(['2.4.0']);
    expect(outcomes).toEqual(['started', 'succeeded']);
    expect(errors).toEqual([]);
  });

  it('takes queued jobs one after another', async () => {
    const { jobs, vehicle, agent, outcomes } = setUp();
    jobs.queue('job-1', otaJob('2.0.1'));
    jobs.queue('job-2', otaJob('2.4.0'));
    agent.wake();
    agent.wake();
    await jest.advanceTimersByTimeAsync(2 * LONG_ENOUGH_MS);
    expect([jobs.statusOf('job-1'), jobs.statusOf('job-2')]).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect(vehicle.softwareVersion).toBe('2.4.0');
    expect(outcomes).toEqual(['started', 'succeeded', 'started', 'succeeded']);
  });

  it('fails with a reason at failure rate 1, and keeps the old version', async () => {
    const { jobs, vehicle, agent, outcomes, installed } = setUp({ failureRate: 1 });
    jobs.queue('job-1', otaJob('2.4.0'));
    agent.wake();
    await jest.advanceTimersByTimeAsync(LONG_ENOUGH_MS);
    const final = jobs.updatesOf('job-1').at(-1)!;
    expect(final.status).toBe('FAILED');
    expect(final.statusDetails).toMatchObject({
      reason: expect.any(String) as string,
      softwareVersion: '1.2.7',
    });
    expect(vehicle.softwareVersion).toBe('1.2.7');
    expect(installed).toEqual([]);
    expect(outcomes).toEqual(['started', 'failed']);
  });

  it.each([
    ['another operation', { operation: 'reboot', desiredVersion: '2.4.0' }, 'operation'],
    ['no version', { operation: 'ota_update' }, 'desiredVersion'],
    ['text', 'not json', 'expected object'],
  ])('rejects a document that is not an OTA update (%s)', async (_, document, named) => {
    const { jobs, agent, outcomes, errors } = setUp();
    jobs.queue('job-1', document);
    agent.wake();
    await jest.advanceTimersByTimeAsync(0);
    expect(jobs.updatesOf('job-1')).toEqual([
      {
        status: 'REJECTED',
        statusDetails: { reason: expect.stringContaining(named) as string },
        expectedVersion: 2,
        executionNumber: 1,
      },
    ]);
    expect(outcomes).toEqual(['rejected']);
    expect(errors).toEqual([]);
  });

  it('succeeds at once when the vehicle already runs the desired version', async () => {
    const { jobs, agent, outcomes, installed } = setUp();
    jobs.queue('job-1', otaJob('1.2.7'));
    agent.wake();
    await jest.advanceTimersByTimeAsync(0);
    expect(jobs.updatesOf('job-1').map((u) => u.status)).toEqual(['SUCCEEDED']);
    expect(outcomes).toEqual(['succeeded']);
    expect(installed).toEqual([]);
  });

  it('re-reads the execution after a version mismatch and carries on from its version', async () => {
    const { jobs, vehicle, agent, errors } = setUp();
    jobs.queue('job-1', otaJob('2.4.0'));
    agent.wake();
    await jest.advanceTimersByTimeAsync(1_000);
    jobs.touch('job-1');
    await jest.advanceTimersByTimeAsync(LONG_ENOUGH_MS);
    const versions = jobs.updatesOf('job-1').map((u) => u.expectedVersion);
    // The second report expected 3, found 4, re-read and went on from there.
    expect(versions).toEqual([2, 3, 4, 5, 6, 7]);
    expect(jobs.statusOf('job-1')).toBe('SUCCEEDED');
    expect(vehicle.softwareVersion).toBe('2.4.0');
    expect(errors).toEqual([]);
  });

  it('stops when a re-read after a version mismatch finds the execution ended', async () => {
    const { jobs, vehicle, agent, outcomes, errors } = setUp();
    jobs.queue('job-1', otaJob('2.4.0'));
    agent.wake();
    await jest.advanceTimersByTimeAsync(1_000);
    jobs.cancel('job-1');
    jobs.failUpdates.push(new JobsRequestError('VersionMismatch', 'changed'));
    await jest.advanceTimersByTimeAsync(LONG_ENOUGH_MS);
    expect(jobs.updatesOf('job-1')).toHaveLength(2);
    expect(vehicle.softwareVersion).toBe('1.2.7');
    expect(outcomes).toEqual(['started', 'cancelled']);
    expect(errors).toEqual([]);
  });

  it('stops cleanly when an update is refused because the job was cancelled, then takes the next', async () => {
    const { jobs, vehicle, agent, outcomes, errors } = setUp();
    jobs.queue('job-1', otaJob('2.4.0'));
    agent.wake();
    await jest.advanceTimersByTimeAsync(1_000);
    jobs.cancel('job-1');
    await jest.advanceTimersByTimeAsync(LONG_ENOUGH_MS);
    expect(jobs.updatesOf('job-1').map((u) => u.status)).toEqual(['IN_PROGRESS', 'IN_PROGRESS']);
    expect(vehicle.softwareVersion).toBe('1.2.7');
    expect(outcomes).toEqual(['started', 'cancelled']);

    jobs.queue('job-2', otaJob('2.4.0'));
    agent.wake();
    await jest.advanceTimersByTimeAsync(LONG_ENOUGH_MS);
    expect(jobs.statusOf('job-2')).toBe('SUCCEEDED');
    expect(vehicle.softwareVersion).toBe('2.4.0');
    expect(errors).toEqual([]);
  });

  it('stops at once when notify-next moves on from the job being installed', async () => {
    const { jobs, vehicle, agent, outcomes, errors } = setUp();
    jobs.queue('job-1', otaJob('2.4.0'));
    agent.wake();
    await jest.advanceTimersByTimeAsync(1_000);
    jobs.cancel('job-1');
    jobs.queue('job-2', otaJob('2.0.1'));
    const next = await jobs.describe('job-2');
    agent.notifyNext(next);
    await jest.advanceTimersByTimeAsync(0);
    expect(outcomes).toEqual(['started', 'cancelled', 'started']);
    expect(jobs.updatesOf('job-1')).toHaveLength(1);
    // The same job again changes nothing.
    agent.notifyNext(await jobs.describe('job-2'));
    await jest.advanceTimersByTimeAsync(LONG_ENOUGH_MS);
    expect(jobs.statusOf('job-2')).toBe('SUCCEEDED');
    expect(vehicle.softwareVersion).toBe('2.0.1');
    expect(errors).toEqual([]);
  });

  it('retries a final status that got no answer', async () => {
    const { jobs, agent, errors } = setUp({ retryDelayMs: 100 });
    jobs.queue('job-1', otaJob('1.2.7'));
    jobs.failUpdates.push(new JobsRequestError('Timeout', 'no reply'));
    agent.wake();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(jobs.updatesOf('job-1').map((u) => u.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect(jobs.statusOf('job-1')).toBe('SUCCEEDED');
    expect(errors).toEqual([]);
  });

  it('reports what it cannot act on, and tries again when woken', async () => {
    const { jobs, agent, errors } = setUp();
    const startNext = jest
      .spyOn(jobs, 'startNext')
      .mockRejectedValueOnce(new JobsRequestError('Timeout', 'no reply'));
    jobs.queue('job-1', otaJob('1.2.7'));
    agent.wake();
    await jest.advanceTimersByTimeAsync(0);
    expect(errors).toEqual([expect.objectContaining({ code: 'Timeout' })]);
    agent.wake();
    await jest.advanceTimersByTimeAsync(0);
    expect(startNext).toHaveBeenCalledTimes(3);
    expect(jobs.statusOf('job-1')).toBe('SUCCEEDED');
  });

  it('stops mid-install without an outcome, leaving the execution IN_PROGRESS', async () => {
    const { jobs, agent, outcomes, errors } = setUp();
    jobs.queue('job-1', otaJob('2.4.0'));
    agent.wake();
    await jest.advanceTimersByTimeAsync(1_000);
    await agent.stop();
    expect(jobs.closed).toBe(true);
    expect(jest.getTimerCount()).toBe(0);
    agent.wake();
    await jest.advanceTimersByTimeAsync(LONG_ENOUGH_MS);
    expect(jobs.statusOf('job-1')).toBe('IN_PROGRESS');
    expect(outcomes).toEqual(['started']);
    expect(errors).toEqual([]);
  });
});
