import { epochMillis, parseJobExecutionEvent } from '../../../src/ota/job-execution-event';
import failed from '../../events/ota-failed.json';
import succeeded from '../../events/ota-succeeded.json';

const parse = (payload: unknown, topic?: string) => parseJobExecutionEvent({ payload, topic });

function reasonFor(payload: unknown, topic?: string): string {
  const parsed = parse(payload, topic);
  if (parsed.success) throw new Error('expected a rejection');
  return parsed.reason;
}

describe('parseJobExecutionEvent', () => {
  it('reads a job execution event as AWS IoT publishes it', () => {
    const parsed = parse(succeeded, '$aws/events/jobExecution/ota-2-4-0-fleet/succeeded');
    if (!parsed.success) throw new Error(parsed.reason);
    expect(parsed.event).toMatchObject({
      jobId: 'ota-2-4-0-fleet',
      thingName: 'tcu-0001',
      status: 'SUCCEEDED',
      at: Date.parse('2025-11-30T11:15:00Z'),
      deletion: false,
    });
  });

  it('takes the thing name from the end of the ARN, in any partition', () => {
    const arn = 'arn:aws-cn:iot:cn-north-1:123456789012:thing/sim-7:00042';
    const parsed = parse({ ...failed, thingArn: arn, status: 'failed' });
    if (!parsed.success) throw new Error(parsed.reason);
    expect(parsed.event).toMatchObject({ thingName: 'sim-7:00042', status: 'FAILED' });
  });

  it('flags a job deletion, whose status is the one from before', () => {
    const parsed = parse({ ...succeeded, operation: 'deleted' });
    expect(parsed).toMatchObject({ success: true, event: { deletion: true } });
  });

  it.each([
    ['a missing timestamp', { timestamp: undefined }, 'timestamp is required'],
    [
      'a timestamp as text',
      { timestamp: '1764501300' },
      'timestamp must be epoch seconds or millis',
    ],
    ['a missing jobId', { jobId: undefined }, 'jobId is required'],
    ['a jobId IoT would not accept', { jobId: 'ota/2' }, 'jobId must be 1-64 letters'],
    ['a missing thingArn', { thingArn: undefined }, 'thingArn is required'],
    ['an ARN of something else', { thingArn: 'arn:aws:iot:us-east-1:1:job/x' }, 'thingArn must be'],
    [
      'a thing name IoT would not accept',
      { thingArn: 'arn:aws:iot:us-east-1:1:thing/a b' },
      'thingArn names no valid thing',
    ],
    [
      'an unknown status',
      { status: 'DONE' },
      'status must be one of QUEUED, IN_PROGRESS, SUCCEEDED',
    ],
    ['another event type', { eventType: 'JOB' }, 'eventType must be JOB_EXECUTION'],
  ])('rejects %s, naming the field', (_case, change, reason) => {
    expect(reasonFor({ ...succeeded, ...change })).toContain(reason);
  });

  it('rejects what is not a JSON object', () => {
    for (const payload of [null, '{"jobId":"x"}', [succeeded]]) {
      expect(reasonFor(payload)).toBe('job execution event payload must be a JSON object');
    }
  });

  it('rejects an event whose jobId is not the one in its topic', () => {
    expect(reasonFor(succeeded, '$aws/events/jobExecution/other-job/succeeded')).toContain(
      'jobId ota-2-4-0-fleet does not match topic',
    );
  });
});

describe('epochMillis', () => {
  it('reads AWS job event timestamps (seconds) and millis alike', () => {
    expect(epochMillis(1764501300)).toBe(1764501300000);
    expect(epochMillis(1764501300123)).toBe(1764501300123);
  });
});
