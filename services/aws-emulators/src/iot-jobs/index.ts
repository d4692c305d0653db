import { join } from 'node:path';
import type { RestJsonRoute } from '../edge/rest-json-route';
import type { Clock, IotPublisher, ThingDirectory } from '../ports';
import { controlPlaneRoutes } from './control-plane-routes';
import { dataPlaneRoutes } from './data-plane-routes';
import type { PublishedMessage } from './event-shapes';
import { JobStore } from './job-store';
import { JobsEngine } from './jobs-engine';
import { createJobsMqttHandler } from './mqtt-topics';
import { StoreFileWriter, loadStoreFile } from './store-file';

export { ABORT_REASON_CODE } from './jobs-engine';
export { MAX_JOBS_REQUEST_BYTES } from './mqtt-topics';

export interface IotJobsOptions {
  /** Local state directory; the emulator keeps `iot-jobs.json` there. */
  readonly dataDir: string;
  readonly directory: ThingDirectory;
  /** Where IoT's own messages go: replies, notifications, `$aws/events/…`. */
  readonly publish: IotPublisher;
  readonly clock?: Clock;
  readonly region?: string;
  readonly accountId?: string;
  /** How often rollouts, timeouts and aborts are driven; default 1000 ms. */
  readonly tickMs?: number;
}

export interface IotJobs {
  /** Signing name `iot`. */
  readonly controlPlaneRoutes: RestJsonRoute[];
  /** Signing name `iot-jobs-data`. */
  readonly dataPlaneRoutes: RestJsonRoute[];
  /** A device's publish on `$aws/things/{thing}/jobs/#`. */
  handleDeviceMessage(topic: string, payload: Buffer | string): void;
  /** Advances rollouts, timeouts and aborts to the clock's now (also run every `tickMs`). */
  tick(): void;
  /** Stops the ticker and waits for the store file to be written. */
  close(): Promise<void>;
}

export const IOT_JOBS_FILE = 'iot-jobs.json';

/**
 * The AWS IoT Jobs emulator: the control plane's job operations, the jobs data plane over HTTP
 * and MQTT, rollouts, abort and timeout configurations, device notifications and job events.
 */
export function createIotJobs(options: IotJobsOptions): IotJobs {
  const file = join(options.dataDir, IOT_JOBS_FILE);
  const store = new JobStore(loadStoreFile(file));
  const writer = new StoreFileWriter(
    file,
    () => store.snapshot(),
    (err) => console.error(`IoT Jobs emulator: cannot write ${file}`, err),
  );

  // A failing broker must not fail the operation that caused the message.
  const send = ({ topic, payload }: PublishedMessage) => {
    try {
      const pending = options.publish(topic, payload);
      if (pending) {
        pending.catch((err: unknown) =>
          console.error(`IoT Jobs emulator: cannot publish ${topic}`, err),
        );
      }
    } catch (err) {
      console.error(`IoT Jobs emulator: cannot publish ${topic}`, err);
    }
  };

  const engine = new JobsEngine({
    store,
    directory: options.directory,
    clock: options.clock ?? Date.now,
    region: options.region ?? 'us-east-1',
    accountId: options.accountId ?? '000000000000',
    publish: send,
    onChange: () => writer.save(),
  });

  const tick = () => {
    try {
      engine.tick();
    } finally {
      engine.commit();
    }
  };
  // An error in the background must not take the process down; the next tick tries again.
  const timer = setInterval(() => {
    try {
      tick();
    } catch (err) {
      console.error('IoT Jobs emulator: tick failed', err);
    }
  }, options.tickMs ?? 1000);
  timer.unref();

  return {
    controlPlaneRoutes: controlPlaneRoutes(engine),
    dataPlaneRoutes: dataPlaneRoutes(engine),
    handleDeviceMessage: createJobsMqttHandler(engine, send),
    tick,
    close: async () => {
      clearInterval(timer);
      await writer.flush();
    },
  };
}
