import type { MqttClient } from 'mqtt';
import {
  JobsRequestError,
  jobExecutionSchema,
  jobExecutionStateSchema,
  type JobExecution,
  type JobExecutionState,
  type JobExecutionUpdate,
  type JobsChannel,
  type JobsErrorCode,
  type StartNextRequest,
} from './jobs-channel';

export interface JobsMqttClientOptions {
  /** How long a request waits for its `/accepted` or `/rejected` reply. Default 30 s. */
  readonly requestTimeoutMs?: number;
}

export const jobsTopic = (thingName: string, rest: string): string =>
  `$aws/things/${thingName}/jobs/${rest}`;

/** What a device subscribes to: notify-next and the replies to the requests it makes. */
export function jobsSubscriptions(thingName: string): string[] {
  return [
    'notify-next',
    'start-next/accepted',
    'start-next/rejected',
    '+/get/accepted',
    '+/get/rejected',
    '+/update/accepted',
    '+/update/rejected',
  ].map((rest) => jobsTopic(thingName, rest));
}

const ERROR_CODES: ReadonlySet<string> = new Set<JobsErrorCode>([
  'InvalidTopic',
  'InvalidJson',
  'InvalidRequest',
  'InvalidStateTransition',
  'ResourceNotFound',
  'VersionMismatch',
  'InternalError',
  'RequestThrottled',
  'TerminalStateReached',
]);

type ReplyBody = Record<string, unknown>;

interface PendingRequest {
  readonly resolve: (body: ReplyBody) => void;
  readonly reject: (error: JobsRequestError) => void;
  readonly timer: NodeJS.Timeout;
}

const isObject = (value: unknown): value is ReplyBody =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** An execution from a reply or notification; none when absent, an error when malformed. */
function executionOf(value: unknown): JobExecution | undefined {
  if (value === undefined || value === null) return undefined;
  const parsed = jobExecutionSchema.safeParse(value);
  if (!parsed.success) throw new JobsRequestError('InternalError', 'malformed job execution');
  return parsed.data;
}

/**
 * The jobs device API over MQTT, on a vehicle's own connection: requests on
 * `$aws/things/{thing}/jobs/…` carry a `clientToken`, and the `/accepted` or `/rejected` reply
 * with the same token settles them. `notify-next` is passed to `onNotifyNext`.
 */
export class JobsMqttClient implements JobsChannel {
  private readonly prefix: string;
  private readonly requestTimeoutMs: number;
  private readonly pending = new Map<string, PendingRequest>();
  /** Tokens stay unique across reconnects and restarts of the same thing. */
  private readonly session = Date.now().toString(36);
  private sequence = 0;
  private closed = false;
  private notifyNext: ((execution: JobExecution | undefined) => void) | undefined;
  private readonly onMessage = (topic: string, payload: Buffer) => this.receive(topic, payload);

  constructor(
    private readonly client: MqttClient,
    private readonly thingName: string,
    options: JobsMqttClientOptions = {},
  ) {
    this.prefix = jobsTopic(thingName, '');
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    client.on('message', this.onMessage);
  }

  /** Subscribes (again, after a reconnect); fails when the broker refuses a topic. */
  async subscribe(): Promise<void> {
    const granted = await this.client.subscribeAsync(jobsSubscriptions(this.thingName), {
      qos: 1,
    });
    const refused = granted.filter((grant) => grant.qos === 128).map((grant) => grant.topic);
    if (refused.length > 0) throw new Error(`subscription refused: ${refused.join(', ')}`);
  }

  onNotifyNext(listener: (execution: JobExecution | undefined) => void): void {
    this.notifyNext = listener;
  }

  async startNext(request: StartNextRequest): Promise<JobExecution | undefined> {
    const body = await this.request('start-next', {
      stepTimeoutInMinutes: request.stepTimeoutInMinutes,
    });
    return executionOf(body.execution);
  }

  async describe(jobId: string): Promise<JobExecution | undefined> {
    try {
      const body = await this.request(`${jobId}/get`, { includeJobDocument: true });
      return executionOf(body.execution);
    } catch (error) {
      if (error instanceof JobsRequestError && error.code === 'ResourceNotFound') return undefined;
      throw error;
    }
  }

  async update(jobId: string, update: JobExecutionUpdate): Promise<JobExecutionState | undefined> {
    const body = await this.request(`${jobId}/update`, {
      ...update,
      includeJobExecutionState: true,
    });
    const state = jobExecutionStateSchema.safeParse(body.executionState);
    return state.success ? state.data : undefined;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.client.removeListener('message', this.onMessage);
    for (const token of [...this.pending.keys()]) {
      this.settle(token)?.reject(new JobsRequestError('Closed', 'the jobs client was closed'));
    }
  }

  private request(operation: string, body: ReplyBody): Promise<ReplyBody> {
    if (this.closed) {
      return Promise.reject(new JobsRequestError('Closed', 'the jobs client was closed'));
    }
    this.sequence += 1;
    const clientToken = `${this.session}-${this.sequence}`;
    return new Promise<ReplyBody>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.settle(clientToken)?.reject(
          new JobsRequestError(
            'Timeout',
            `no reply to ${operation} in ${this.requestTimeoutMs} ms`,
          ),
        );
      }, this.requestTimeoutMs);
      this.pending.set(clientToken, { resolve, reject, timer });
      const message = JSON.stringify({ ...body, clientToken });
      this.client.publish(jobsTopic(this.thingName, operation), message, { qos: 1 }, (error) => {
        if (!error) return;
        this.settle(clientToken)?.reject(
          new JobsRequestError('InternalError', `${operation} not published: ${error.message}`),
        );
      });
    });
  }

  /** Takes a request off the pending list, once. */
  private settle(clientToken: string): PendingRequest | undefined {
    const request = this.pending.get(clientToken);
    if (!request) return undefined;
    this.pending.delete(clientToken);
    clearTimeout(request.timer);
    return request;
  }

  private receive(topic: string, payload: Buffer): void {
    if (!topic.startsWith(this.prefix)) return;
    const rest = topic.slice(this.prefix.length);
    let body: unknown;
    try {
      body = JSON.parse(payload.toString('utf8'));
    } catch {
      return;
    }
    if (!isObject(body)) return;
    if (rest === 'notify-next') {
      let execution: JobExecution | undefined;
      try {
        execution = executionOf(body.execution);
      } catch {
        return;
      }
      this.notifyNext?.(execution);
      return;
    }
    const outcome = rest.endsWith('/accepted')
      ? 'accepted'
      : rest.endsWith('/rejected')
        ? 'rejected'
        : undefined;
    if (outcome === undefined || typeof body.clientToken !== 'string') return;
    const request = this.settle(body.clientToken);
    if (!request) return;
    if (outcome === 'accepted') {
      request.resolve(body);
      return;
    }
    const code = typeof body.code === 'string' && ERROR_CODES.has(body.code) ? body.code : '';
    const state = jobExecutionStateSchema.safeParse(body.executionState);
    request.reject(
      new JobsRequestError(
        (code || 'InternalError') as JobsErrorCode,
        typeof body.message === 'string' ? body.message : 'rejected',
        state.success ? state.data : undefined,
      ),
    );
  }
}
