import type { PublishedMessage } from './event-shapes';
import type { JobStore } from './job-store';
import type { ExecutionRecord, JobRecord } from './model';
import { dataExecutionSummaryView, dataExecutionView, dataPlaneTime } from './wire-shapes';

/** IoT lists at most this many pending executions in a `notify` message. */
const LIST_NOTIFICATION_LIMIT = 15;

const executionKey = (execution: ExecutionRecord | undefined) =>
  execution === undefined ? undefined : `${execution.jobId}#${execution.executionNumber}`;

/**
 * The device notifications of IoT Jobs: `$aws/things/{thing}/jobs/notify-next` whenever the
 * first of a thing's pending executions changes (a release, a start that reorders, an end, a
 * cancellation), and `$aws/things/{thing}/jobs/notify` with the pending list whenever one of
 * its executions is queued or changes status.
 */
export class ThingNotifier {
  /** The `notify-next` head each thing was last told about (or had at startup). */
  private readonly heads = new Map<string, string>();
  private readonly touched = new Set<string>();
  private readonly statusChanged = new Set<string>();

  constructor(
    private readonly store: JobStore,
    private readonly jobOf: (jobId: string) => JobRecord | undefined,
  ) {
    for (const thingName of store.thingNames()) {
      const head = executionKey(store.pendingOfThing(thingName)[0]);
      if (head !== undefined) this.heads.set(thingName, head);
    }
  }

  /** Records that a thing's pending list may have changed; `statusChange` also sends `notify`. */
  touch(thingName: string, statusChange: boolean): void {
    this.touched.add(thingName);
    if (statusChange) this.statusChanged.add(thingName);
  }

  /** The notifications the touched things are owed; forgets the touches. */
  drain(now: number): PublishedMessage[] {
    const messages: PublishedMessage[] = [];
    const timestamp = dataPlaneTime(now);
    for (const thingName of this.touched) {
      const pending = this.store.pendingOfThing(thingName);
      if (this.statusChanged.has(thingName)) {
        const listed = pending.slice(0, LIST_NOTIFICATION_LIMIT);
        const byStatus = (status: 'IN_PROGRESS' | 'QUEUED') => {
          const list = listed.filter((execution) => execution.status === status);
          return list.length === 0 ? undefined : list.map(dataExecutionSummaryView);
        };
        messages.push({
          topic: `$aws/things/${thingName}/jobs/notify`,
          payload: {
            timestamp,
            jobs: { IN_PROGRESS: byStatus('IN_PROGRESS'), QUEUED: byStatus('QUEUED') },
          },
        });
      }
      const first = pending[0];
      const head = executionKey(first);
      if (head === this.heads.get(thingName)) continue;
      if (head === undefined) this.heads.delete(thingName);
      else this.heads.set(thingName, head);
      const job = first && this.jobOf(first.jobId);
      messages.push({
        topic: `$aws/things/${thingName}/jobs/notify-next`,
        payload:
          first && job
            ? { timestamp, execution: dataExecutionView(job, first, now, 'json') }
            : { timestamp },
      });
    }
    this.touched.clear();
    this.statusChanged.clear();
    return messages;
  }
}
