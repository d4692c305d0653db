import { EventEmitter } from 'node:events';
import type { MqttClient } from 'mqtt';
import { JobsRequestError, type JobExecution } from '../../src/ota/jobs-channel';
import { JobsMqttClient, jobsSubscriptions } from '../../src/ota/jobs-mqtt-client';

const THING = 'sim-1-00000';
const PREFIX = `$aws/things/${THING}/jobs/`;

/** The MQTT client surface the jobs client uses; publishes are recorded, not sent. */
class FakeMqttClient extends EventEmitter {
  readonly published: { topic: string; body: Record<string, unknown> }[] = [];
  refuse = false;

  subscribeAsync(topics: string[]) {
    return Promise.resolve(topics.map((topic) => ({ topic, qos: this.refuse ? 128 : 1 })));
  }

  publish(topic: string, message: string, _options: unknown, done?: (error?: Error) => void) {
    this.published.push({ topic, body: JSON.parse(message) as Record<string, unknown> });
    done?.();
  }

  /** The last request's token. */
  token(): string {
    return this.published.at(-1)!.body.clientToken as string;
  }

  reply(rest: string, body: Record<string, unknown>) {
    this.emit('message', `${PREFIX}${rest}`, Buffer.from(JSON.stringify(body)));
  }
}

const execution = {
  jobId: 'job-1',
  thingName: THING,
  status: 'IN_PROGRESS',
  versionNumber: 2,
  executionNumber: 1,
  queuedAt: 1_767_600_000,
  jobDocument: { operation: 'ota_update', desiredVersion: '2.4.0' },
};

function setUp(requestTimeoutMs = 1_000) {
  const mqtt = new FakeMqttClient();
  const jobs = new JobsMqttClient(mqtt as unknown as MqttClient, THING, { requestTimeoutMs });
  return { mqtt, jobs };
}

describe('jobs over MQTT', () => {
  it('subscribes to notify-next and the replies of its own thing', async () => {
    const { mqtt, jobs } = setUp();
    const subscribe = jest.spyOn(mqtt, 'subscribeAsync');
    await jobs.subscribe();
    expect(subscribe).toHaveBeenCalledWith(jobsSubscriptions(THING), { qos: 1 });
    expect(jobsSubscriptions(THING).every((topic) => topic.startsWith(PREFIX))).toBe(true);
    mqtt.refuse = true;
    await expect(jobs.subscribe()).rejects.toThrow('subscription refused');
  });

  it('settles a request with the reply that carries its client token', async () => {
    const { mqtt, jobs } = setUp();
    const started = jobs.startNext({ stepTimeoutInMinutes: 2 });
    expect(mqtt.published).toEqual([
      {
        topic: `${PREFIX}start-next`,
        body: { stepTimeoutInMinutes: 2, clientToken: expect.any(String) as string },
      },
    ]);
    mqtt.reply('start-next/accepted', { clientToken: 'someone-else', execution: {} });
    mqtt.reply('start-next/accepted', { clientToken: mqtt.token(), execution, timestamp: 1 });
    await expect(started).resolves.toEqual<JobExecution>({
      jobId: 'job-1',
      status: 'IN_PROGRESS',
      versionNumber: 2,
      executionNumber: 1,
      jobDocument: execution.jobDocument,
    });

    const none = jobs.startNext({});
    mqtt.reply('start-next/accepted', { clientToken: mqtt.token() });
    await expect(none).resolves.toBeUndefined();
  });

  it('asks for the state with an update, and returns it', async () => {
    const { mqtt, jobs } = setUp();
    const updated = jobs.update('job-1', {
      status: 'IN_PROGRESS',
      statusDetails: { step: 'downloading', progress: '30' },
      expectedVersion: 2,
    });
    expect(mqtt.published.at(-1)).toEqual({
      topic: `${PREFIX}job-1/update`,
      body: {
        status: 'IN_PROGRESS',
        statusDetails: { step: 'downloading', progress: '30' },
        expectedVersion: 2,
        includeJobExecutionState: true,
        clientToken: mqtt.token(),
      },
    });
    mqtt.reply('job-1/update/accepted', {
      clientToken: mqtt.token(),
      executionState: { status: 'IN_PROGRESS', versionNumber: 3, statusDetails: {} },
    });
    await expect(updated).resolves.toEqual({ status: 'IN_PROGRESS', versionNumber: 3 });
  });

  it('turns a rejection into its error code, with the execution state', async () => {
    const { mqtt, jobs } = setUp();
    const updated = jobs.update('job-1', { status: 'SUCCEEDED', expectedVersion: 2 });
    mqtt.reply('job-1/update/rejected', {
      clientToken: mqtt.token(),
      code: 'VersionMismatch',
      message: 'expected 2, is 4',
      executionState: { status: 'IN_PROGRESS', versionNumber: 4, statusDetails: {} },
    });
    const error = await updated.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobsRequestError);
    expect(error).toMatchObject({
      code: 'VersionMismatch',
      executionState: { status: 'IN_PROGRESS', versionNumber: 4 },
    });

    const described = jobs.describe('job-9');
    expect(mqtt.published.at(-1)!.topic).toBe(`${PREFIX}job-9/get`);
    mqtt.reply('job-9/get/rejected', { clientToken: mqtt.token(), code: 'ResourceNotFound' });
    await expect(described).resolves.toBeUndefined();
  });

  it('passes notify-next on, and ignores what it cannot read', () => {
    const { mqtt, jobs } = setUp();
    const notices: (string | undefined)[] = [];
    jobs.onNotifyNext((next) => notices.push(next?.jobId));
    mqtt.reply('notify-next', { timestamp: 1, execution });
    mqtt.reply('notify-next', { timestamp: 2 });
    mqtt.reply('notify-next', { execution: { jobId: 3 } });
    mqtt.emit('message', `${PREFIX}notify-next`, Buffer.from('{not json'));
    mqtt.emit('message', `$aws/things/other/jobs/notify-next`, Buffer.from('{}'));
    expect(notices).toEqual(['job-1', undefined]);
  });

  describe('without a reply', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('times out', async () => {
      const { jobs } = setUp(1_000);
      const started = jobs.startNext({}).catch((e: unknown) => e);
      await jest.advanceTimersByTimeAsync(1_000);
      expect(await started).toMatchObject({ code: 'Timeout' });
      expect(jest.getTimerCount()).toBe(0);
    });

    it('ends requests in flight when closed, and takes no more', async () => {
      const { mqtt, jobs } = setUp();
      const started = jobs.startNext({}).catch((e: unknown) => e);
      jobs.close();
      expect(await started).toMatchObject({ code: 'Closed' });
      expect(jest.getTimerCount()).toBe(0);
      expect(mqtt.listenerCount('message')).toBe(0);
      await expect(jobs.describe('job-1')).rejects.toMatchObject({ code: 'Closed' });
    });
  });
});
