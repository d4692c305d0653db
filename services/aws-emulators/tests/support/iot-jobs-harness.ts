import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RestJsonOutput, RestJsonRoute } from '../../src/edge/rest-json-route';
import { type IotJobs, createIotJobs } from '../../src/iot-jobs';
import type { ThingDirectory } from '../../src/ports';

export const REGION = 'us-east-1';
export const ACCOUNT = '000000000000';
export const START = Date.UTC(2025, 0, 15, 12, 0, 0);
export const MINUTE = 60_000;

export const thingArn = (name: string) => `arn:aws:iot:${REGION}:${ACCOUNT}:thing/${name}`;
export const groupArn = (name: string) => `arn:aws:iot:${REGION}:${ACCOUNT}:thinggroup/${name}`;
export const OTA_DOCUMENT = JSON.stringify({ operation: 'ota_update', desiredVersion: '2.4.0' });

/** The registry as a test sets it up: things, static groups, enabled event types. */
export class InMemoryThingDirectory implements ThingDirectory {
  readonly things = new Set<string>();
  readonly groups = new Map<string, string[]>();
  readonly events = new Set<string>(['JOB_EXECUTION', 'JOB']);

  hasThing(thingName: string): boolean {
    return this.things.has(thingName);
  }
  thingArn(thingName: string): string {
    return thingArn(thingName);
  }
  thingsInGroup(groupName: string): readonly string[] | undefined {
    return this.groups.get(groupName);
  }
  eventEnabled(eventType: string): boolean {
    return this.events.has(eventType);
  }
}

/** A decoded JSON answer or message, which tests read into freely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of many shapes
export type Answer = any;

export interface Published {
  readonly topic: string;
  readonly payload: Answer;
}

/** A clock a test moves by hand. */
export class FakeClock {
  constructor(public now = START) {}
  readonly read = () => this.now;
  advance(ms: number): void {
    this.now += ms;
  }
}

export interface RouteCall {
  readonly params?: Record<string, string>;
  readonly query?: Record<string, string>;
  readonly body?: unknown;
}

export interface ServiceErrorLike {
  readonly errorType: string;
  readonly message: string;
  readonly status: number;
}

/** One Jobs emulator over a temporary data directory, a fake clock and a recording publisher. */
export class JobsHarness {
  readonly directory = new InMemoryThingDirectory();
  readonly clock: FakeClock;
  readonly published: Published[] = [];
  jobs: IotJobs;

  constructor(
    readonly dataDir = mkdtempSync(join(tmpdir(), 'iot-jobs-')),
    clock = new FakeClock(),
  ) {
    this.clock = clock;
    this.jobs = this.start();
  }

  private start(): IotJobs {
    return createIotJobs({
      dataDir: this.dataDir,
      directory: this.directory,
      publish: (topic, payload) => {
        this.published.push({ topic, payload });
      },
      clock: this.clock.read,
      region: REGION,
      accountId: ACCOUNT,
      tickMs: 3_600_000,
    });
  }

  /** Closes the emulator and starts a new one on the same directory, as a restart does. */
  async restart(): Promise<void> {
    await this.jobs.close();
    this.jobs = this.start();
  }

  async dispose(): Promise<void> {
    await this.jobs.close();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  addThings(...names: string[]): void {
    for (const name of names) this.directory.things.add(name);
  }

  addGroup(name: string, members: string[]): void {
    this.addThings(...members);
    this.directory.groups.set(name, members);
  }

  private route(routes: RestJsonRoute[], operation: string): RestJsonRoute {
    const route = routes.find((candidate) => candidate.operation === operation);
    if (!route) throw new Error(`no route for ${operation}`);
    return route;
  }

  private invoke(route: RestJsonRoute, call: RouteCall): Answer {
    const output = route.handle({
      params: call.params ?? {},
      query: new URLSearchParams(call.query ?? {}),
      body: call.body,
      headers: {},
    }) as RestJsonOutput;
    if (output instanceof Promise) throw new Error('routes are expected to answer synchronously');
    // What the edge would send: JSON, so undefined members disappear.
    return output.body === undefined ? undefined : JSON.parse(JSON.stringify(output.body));
  }

  control(operation: string, call: RouteCall = {}): Answer {
    return this.invoke(this.route(this.jobs.controlPlaneRoutes, operation), call);
  }

  data(operation: string, call: RouteCall = {}): Answer {
    return this.invoke(this.route(this.jobs.dataPlaneRoutes, operation), call);
  }

  createJob(jobId: string, body: Record<string, unknown>): Answer {
    return this.control('CreateJob', {
      params: { jobId },
      body: { document: OTA_DOCUMENT, ...body },
    });
  }

  describeJob(jobId: string): Answer {
    return this.control('DescribeJob', { params: { jobId } }).job;
  }

  /** Data-plane UpdateJobExecution over HTTP. */
  update(thingName: string, jobId: string, body: Record<string, unknown>): Answer {
    return this.data('UpdateJobExecution', { params: { thingName, jobId }, body });
  }

  startNext(thingName: string, body: Record<string, unknown> = {}): Answer {
    return this.data('StartNextPendingJobExecution', { params: { thingName }, body });
  }

  executionStatus(thingName: string, jobId: string): string {
    const { execution } = this.control('DescribeJobExecution', { params: { thingName, jobId } });
    return String(execution.status);
  }

  /** Publishes a device request and returns what was published in response to it. */
  mqtt(topic: string, payload: unknown): Published[] {
    const before = this.published.length;
    const raw =
      typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload);
    this.jobs.handleDeviceMessage(topic, raw);
    return this.published.slice(before);
  }

  /** Messages published on topics starting with `prefix`, oldest first. */
  on(prefix: string): Published[] {
    return this.published.filter((message) => message.topic.startsWith(prefix));
  }

  tick(): void {
    this.jobs.tick();
  }
}

/** The AwsServiceError a call throws. */
export function serviceError(call: () => unknown): ServiceErrorLike {
  try {
    call();
  } catch (err) {
    const error = err as Partial<ServiceErrorLike>;
    if (typeof error.errorType === 'string') return error as ServiceErrorLike;
    throw err;
  }
  throw new Error('expected the call to fail');
}
