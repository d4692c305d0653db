import { MAX_JOBS_REQUEST_BYTES } from '../../src/iot-jobs';
import {
  type Answer,
  JobsHarness,
  MINUTE,
  START,
  groupArn,
  thingArn,
} from '../support/iot-jobs-harness';

const SECONDS = START / 1000;
const DOCUMENT = { operation: 'ota_update', desiredVersion: '2.4.0' };

describe('IoT jobs device API over MQTT', () => {
  let h: JobsHarness;
  beforeEach(() => {
    h = new JobsHarness();
    h.addGroup('fleet', ['v1', 'v2']);
  });
  afterEach(() => h.dispose());

  it('answers jobs/get with the pending lists and the clientToken', () => {
    h.createJob('ota-1', { targets: [groupArn('fleet')] });
    const replies = h.mqtt('$aws/things/v1/jobs/get', { clientToken: 'tok-1' });
    expect(replies).toEqual([
      {
        topic: '$aws/things/v1/jobs/get/accepted',
        payload: {
          inProgressJobs: [],
          queuedJobs: [
            {
              jobId: 'ota-1',
              queuedAt: SECONDS,
              startedAt: undefined,
              lastUpdatedAt: SECONDS,
              versionNumber: 1,
              executionNumber: 1,
            },
          ],
          timestamp: SECONDS,
          clientToken: 'tok-1',
        },
      },
    ]);
    // An empty request is a request with every member left out.
    expect(h.mqtt('$aws/things/v2/jobs/get', '')[0]!.topic).toBe(
      '$aws/things/v2/jobs/get/accepted',
    );
  });

  it('starts the next execution with the document as JSON', () => {
    h.createJob('ota-1', { targets: [groupArn('fleet')] });
    h.clock.advance(5_000);
    const [reply] = h.mqtt('$aws/things/v1/jobs/start-next', {
      clientToken: 'tok-2',
      statusDetails: { phase: 'download' },
    });
    expect(reply).toEqual({
      topic: '$aws/things/v1/jobs/start-next/accepted',
      payload: expect.objectContaining({
        clientToken: 'tok-2',
        timestamp: SECONDS + 5,
        execution: expect.objectContaining({
          jobId: 'ota-1',
          thingName: 'v1',
          jobDocument: DOCUMENT,
          status: 'IN_PROGRESS',
          statusDetails: { phase: 'download' },
          startedAt: SECONDS + 5,
          versionNumber: 2,
        }),
      }),
    });
    const [none] = h.mqtt('$aws/things/solo/jobs/start-next', {});
    expect(none!.payload.execution).toBeUndefined();
  });

  it('describes an execution and $next', () => {
    h.createJob('ota-1', { targets: [groupArn('fleet')] });
    const [next] = h.mqtt('$aws/things/v1/jobs/$next/get', { clientToken: 'n' });
    expect(next).toMatchObject({
      topic: '$aws/things/v1/jobs/$next/get/accepted',
      payload: { clientToken: 'n', execution: { jobId: 'ota-1', jobDocument: DOCUMENT } },
    });
    const [bare] = h.mqtt('$aws/things/v1/jobs/ota-1/get', { includeJobDocument: false });
    expect(bare!.payload.execution.jobDocument).toBeUndefined();
    const [missing] = h.mqtt('$aws/things/v1/jobs/ota-9/get', { clientToken: 'm' });
    expect(missing).toMatchObject({
      topic: '$aws/things/v1/jobs/ota-9/get/rejected',
      payload: { code: 'ResourceNotFound', clientToken: 'm', timestamp: SECONDS },
    });
  });

  it('updates an execution and answers with its state and document when asked', () => {
    h.createJob('ota-1', { targets: [groupArn('fleet')] });
    const [accepted] = h.mqtt('$aws/things/v1/jobs/ota-1/update', {
      status: 'IN_PROGRESS',
      statusDetails: { progress: '10' },
      expectedVersion: 1,
      includeJobExecutionState: true,
      includeJobDocument: true,
      clientToken: 'u1',
    });
    expect(accepted).toEqual({
      topic: '$aws/things/v1/jobs/ota-1/update/accepted',
      payload: {
        executionState: {
          status: 'IN_PROGRESS',
          statusDetails: { progress: '10' },
          versionNumber: 2,
        },
        jobDocument: DOCUMENT,
        timestamp: SECONDS,
        clientToken: 'u1',
      },
    });
  });

  it('rejects a version mismatch and an invalid transition with the execution state', () => {
    h.createJob('ota-1', { targets: [groupArn('fleet')] });
    const [mismatch] = h.mqtt('$aws/things/v1/jobs/ota-1/update', {
      status: 'IN_PROGRESS',
      expectedVersion: 7,
      clientToken: 'u2',
    });
    expect(mismatch).toMatchObject({
      topic: '$aws/things/v1/jobs/ota-1/update/rejected',
      payload: {
        code: 'VersionMismatch',
        clientToken: 'u2',
        executionState: { status: 'QUEUED', versionNumber: 1 },
      },
    });
    h.mqtt('$aws/things/v1/jobs/ota-1/update', { status: 'SUCCEEDED' });
    const [late] = h.mqtt('$aws/things/v1/jobs/ota-1/update', { status: 'IN_PROGRESS' });
    expect(late!.payload).toMatchObject({
      code: 'InvalidStateTransition',
      executionState: { status: 'SUCCEEDED', versionNumber: 2 },
    });
  });

  it('rejects malformed requests as InvalidJson or InvalidRequest', () => {
    h.createJob('ota-1', { targets: [groupArn('fleet')] });
    const rejected = (topic: string, payload: unknown): Answer => {
      const replies = h.mqtt(topic, payload);
      expect(replies[0]!.topic).toBe(`${topic}/rejected`);
      return replies[0]!.payload;
    };
    expect(rejected('$aws/things/v1/jobs/ota-1/update', '{"status":')).toMatchObject({
      code: 'InvalidJson',
    });
    expect(rejected('$aws/things/v1/jobs/get', Buffer.from([0xff, 0xfe, 0x7b]))).toMatchObject({
      code: 'InvalidJson',
    });
    expect(rejected('$aws/things/v1/jobs/get', '[1,2]')).toMatchObject({
      code: 'InvalidRequest',
    });
    const noStatus = rejected('$aws/things/v1/jobs/ota-1/update', { clientToken: 'c' });
    expect(noStatus).toMatchObject({ code: 'InvalidRequest', clientToken: 'c' });
    expect(noStatus.message).toContain("'status'");
    expect(
      rejected('$aws/things/v1/jobs/ota-1/update', {
        status: 'IN_PROGRESS',
        statusDetails: { note: 'x'.repeat(2000) },
      }),
    ).toMatchObject({ code: 'InvalidRequest' });
    expect(
      rejected('$aws/things/v1/jobs/ota-1/update', {
        status: 'IN_PROGRESS',
        statusDetails: { note: 'x'.repeat(MAX_JOBS_REQUEST_BYTES) },
      }).message,
    ).toContain('limit');
    expect(rejected('$aws/things/v1/jobs/bad!id/update', { status: 'SUCCEEDED' })).toMatchObject({
      code: 'InvalidRequest',
    });
    expect(rejected('$aws/things/v1/jobs/ota-1/frobnicate', {})).toMatchObject({
      code: 'InvalidTopic',
    });
    // Nothing changed.
    expect(h.executionStatus('v1', 'ota-1')).toBe('QUEUED');
  });

  it('ignores its own replies and notifications coming back', () => {
    for (const topic of [
      '$aws/things/v1/jobs/get/accepted',
      '$aws/things/v1/jobs/ota-1/update/rejected',
      '$aws/things/v1/jobs/notify',
      '$aws/things/v1/jobs/notify-next',
      '$aws/things/v1/shadow/update',
    ]) {
      expect(h.mqtt(topic, {})).toEqual([]);
    }
  });

  describe('notifications', () => {
    const notifyNext = (thing: string) => h.on(`$aws/things/${thing}/jobs/notify-next`);
    const notify = (thing: string) =>
      h.on(`$aws/things/${thing}/jobs/notify`).filter((m) => m.topic.endsWith('/notify'));

    it('sends notify-next when the next pending execution changes, and only then', () => {
      h.createJob('ota-1', { targets: [thingArn('v1')] });
      expect(notifyNext('v1')).toEqual([
        {
          topic: '$aws/things/v1/jobs/notify-next',
          payload: {
            timestamp: SECONDS,
            execution: expect.objectContaining({
              jobId: 'ota-1',
              status: 'QUEUED',
              jobDocument: DOCUMENT,
            }),
          },
        },
      ]);
      h.clock.advance(MINUTE);
      h.createJob('ota-2', { targets: [thingArn('v1')] });
      // ota-1 is still first.
      expect(notifyNext('v1')).toHaveLength(1);

      const replies = h.mqtt('$aws/things/v1/jobs/start-next', {});
      expect(replies[0]!.topic).toBe('$aws/things/v1/jobs/start-next/accepted');
      expect(notifyNext('v1')).toHaveLength(1);

      h.mqtt('$aws/things/v1/jobs/ota-1/update', { status: 'SUCCEEDED' });
      expect(notifyNext('v1')).toHaveLength(2);
      expect(notifyNext('v1')[1]!.payload.execution).toMatchObject({
        jobId: 'ota-2',
        status: 'QUEUED',
      });

      h.control('CancelJob', { params: { jobId: 'ota-2' } });
      expect(notifyNext('v1')).toHaveLength(3);
      expect(notifyNext('v1')[2]!.payload).toEqual({ timestamp: SECONDS + 60 });
    });

    it('publishes the reply before the notifications it causes', () => {
      h.createJob('ota-1', { targets: [thingArn('v1')] });
      h.createJob('ota-2', { targets: [thingArn('v1')] });
      const topics = h
        .mqtt('$aws/things/v1/jobs/ota-1/update', { status: 'FAILED' })
        .map((m) => m.topic);
      expect(topics[0]).toBe('$aws/things/v1/jobs/ota-1/update/accepted');
      expect(topics).toContain('$aws/things/v1/jobs/notify-next');
      expect(topics).toContain('$aws/events/jobExecution/ota-1/failed');
    });

    it('sends notify with the pending list when an execution changes status', () => {
      h.createJob('ota-1', { targets: [thingArn('v1')] });
      expect(notify('v1')).toHaveLength(1);
      expect(notify('v1')[0]!.payload.jobs.QUEUED).toEqual([
        expect.objectContaining({ jobId: 'ota-1', versionNumber: 1 }),
      ]);
      h.update('v1', 'ota-1', { status: 'IN_PROGRESS' });
      expect(notify('v1')).toHaveLength(2);
      expect(notify('v1')[1]!.payload.jobs.IN_PROGRESS).toEqual([
        expect.objectContaining({ jobId: 'ota-1', versionNumber: 2 }),
      ]);
      // Details only: no status change, no notify.
      h.update('v1', 'ota-1', { status: 'IN_PROGRESS', statusDetails: { progress: '80' } });
      expect(notify('v1')).toHaveLength(2);
      h.update('v1', 'ota-1', { status: 'SUCCEEDED' });
      expect(notify('v1')[2]!.payload.jobs).toEqual({});
    });

    it('notifies things as the rollout releases them', () => {
      h.createJob('ota-1', {
        targets: [groupArn('fleet')],
        jobExecutionsRolloutConfig: { maximumPerMinute: 1 },
      });
      expect(notifyNext('v1')).toHaveLength(1);
      expect(notifyNext('v2')).toHaveLength(0);
      h.clock.advance(MINUTE);
      h.tick();
      expect(notifyNext('v2')).toHaveLength(1);
    });
  });
});
