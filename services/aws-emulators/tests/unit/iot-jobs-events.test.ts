import { z } from 'zod';
import { JobsHarness, MINUTE, START, groupArn, thingArn } from '../support/iot-jobs-harness';

/**
 * What Fleet's ingest (`services/ingest/src/ota/job-execution-event.ts`) requires of a job
 * execution event. `@fleet/ingest` is no dependency of this package, so its constraints are
 * restated here: keep the two in step.
 */
const ingestJobExecutionEvent = z.object({
  eventType: z.literal('JOB_EXECUTION'),
  eventId: z.string().min(1),
  timestamp: z.number().nonnegative(),
  operation: z.string(),
  jobId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  thingArn: z.string().regex(/^arn:[^:]+:iot:[^:]*:[^:]*:thing\/(.+)$/),
  status: z.enum([
    'QUEUED',
    'IN_PROGRESS',
    'SUCCEEDED',
    'FAILED',
    'TIMED_OUT',
    'REJECTED',
    'REMOVED',
    'CANCELED',
  ]),
  statusDetails: z.record(z.string(), z.string()),
});
const TOPIC = /^\$aws\/events\/jobExecution\/([^/]+)\/([^/]+)$/;

describe('IoT Jobs events', () => {
  let h: JobsHarness;
  beforeEach(() => {
    h = new JobsHarness();
    h.addGroup('fleet', ['v1', 'v2', 'v3', 'v4', 'v5']);
  });
  afterEach(() => h.dispose());

  const executionEvents = () => h.on('$aws/events/jobExecution/');

  it('publishes one event per final status, in the shape ingest parses', () => {
    h.createJob('ota-ev', {
      targets: [groupArn('fleet')],
      timeoutConfig: { inProgressTimeoutInMinutes: 1 },
    });
    h.clock.advance(1_500);
    h.update('v1', 'ota-ev', { status: 'SUCCEEDED', statusDetails: { installed: '2.4.0' } });
    h.update('v2', 'ota-ev', { status: 'FAILED' });
    h.update('v3', 'ota-ev', { status: 'REJECTED' });
    h.startNext('v4');
    h.clock.advance(MINUTE);
    h.tick();
    h.control('CancelJob', { params: { jobId: 'ota-ev' } });

    const events = executionEvents();
    expect(events.map((e) => e.topic)).toEqual([
      '$aws/events/jobExecution/ota-ev/succeeded',
      '$aws/events/jobExecution/ota-ev/failed',
      '$aws/events/jobExecution/ota-ev/rejected',
      '$aws/events/jobExecution/ota-ev/timed_out',
      '$aws/events/jobExecution/ota-ev/canceled',
    ]);
    for (const event of events) {
      const payload = ingestJobExecutionEvent.parse(JSON.parse(JSON.stringify(event.payload)));
      const [, topicJob, operation] = TOPIC.exec(event.topic)!;
      expect(payload.jobId).toBe(topicJob);
      expect(payload.operation).toBe(operation);
      expect(payload.status.toLowerCase()).toBe(operation);
    }
    expect(events[0]!.payload).toEqual({
      eventType: 'JOB_EXECUTION',
      eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      timestamp: Math.floor(START / 1000) + 1,
      operation: 'succeeded',
      jobId: 'ota-ev',
      thingArn: thingArn('v1'),
      status: 'SUCCEEDED',
      statusDetails: { installed: '2.4.0' },
    });
    expect(new Set(events.map((e) => String(e.payload.eventId))).size).toBe(events.length);
  });

  it('publishes nothing for QUEUED or IN_PROGRESS', () => {
    h.createJob('ota-q', { targets: [thingArn('v1')] });
    h.startNext('v1');
    h.update('v1', 'ota-q', { status: 'IN_PROGRESS', statusDetails: { progress: '5' } });
    expect(executionEvents()).toEqual([]);
  });

  it('publishes only the event types the registry has enabled', () => {
    h.directory.events.clear();
    h.createJob('ota-off', { targets: [thingArn('v1')] });
    h.update('v1', 'ota-off', { status: 'SUCCEEDED' });
    expect(h.on('$aws/events/')).toEqual([]);

    h.directory.events.add('JOB_EXECUTION');
    h.createJob('ota-on', { targets: [thingArn('v1')] });
    h.update('v1', 'ota-on', { status: 'SUCCEEDED' });
    expect(h.on('$aws/events/').map((e) => e.topic)).toEqual([
      '$aws/events/jobExecution/ota-on/succeeded',
    ]);
  });

  it('publishes job completed and canceled events with the job counts', () => {
    h.createJob('ota-done', { targets: [thingArn('v1'), thingArn('v2')] });
    h.update('v1', 'ota-done', { status: 'SUCCEEDED' });
    h.update('v2', 'ota-done', { status: 'FAILED' });
    const [completed] = h.on('$aws/events/job/ota-done/');
    expect(completed).toEqual({
      topic: '$aws/events/job/ota-done/completed',
      payload: expect.objectContaining({
        eventType: 'JOB',
        operation: 'completed',
        jobId: 'ota-done',
        status: 'COMPLETED',
        targetSelection: 'SNAPSHOT',
        targets: [thingArn('v1'), thingArn('v2')],
        completedAt: START,
        jobProcessDetails: expect.objectContaining({
          numberOfSucceededThings: 1,
          numberOfFailedThings: 1,
        }),
      }),
    });

    h.createJob('ota-stop', { targets: [thingArn('v3')] });
    h.control('CancelJob', { params: { jobId: 'ota-stop' }, body: { reasonCode: 'HOLD' } });
    expect(h.on('$aws/events/job/ota-stop/')).toEqual([
      {
        topic: '$aws/events/job/ota-stop/canceled',
        payload: expect.objectContaining({
          status: 'CANCELED',
          reasonCode: 'HOLD',
          jobProcessDetails: expect.objectContaining({ numberOfCanceledThings: 1 }),
        }),
      },
    ]);
  });
});
