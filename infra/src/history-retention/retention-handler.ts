import type { IndexName } from '@fleet/index-mappings';
import type { createSearchClient } from '@fleet/search-client';

type SearchClient = ReturnType<typeof createSearchClient>;

/** The append-only history indices; each is one index (no rollover), keyed by `sendtimestamp`. */
export const HISTORY_INDICES = [
  'cardata',
  'dtc',
  'event',
  'anomaly',
  'trip',
] as const satisfies readonly IndexName[];

export interface HistoryRetentionDeps {
  readonly client: SearchClient;
  /** Documents whose `sendtimestamp` is older than this many days are deleted. */
  readonly retentionDays: number;
  readonly log?: (message: string) => void;
}

/**
 * The daily retention job: one `_delete_by_query` per history index on `sendtimestamp <
 * now-Nd`. Every index is tried; failures are thrown together afterwards, naming each index.
 */
export function createHistoryRetentionHandler(deps: HistoryRetentionDeps) {
  if (!Number.isInteger(deps.retentionDays) || deps.retentionDays < 1) {
    throw new RangeError(`retentionDays must be a positive integer, got ${deps.retentionDays}`);
  }
  const log = deps.log ?? ((message: string) => console.log(message));
  return async (): Promise<Record<string, number>> => {
    const deleted: Record<string, number> = {};
    const failures: string[] = [];
    for (const index of HISTORY_INDICES) {
      try {
        const response = await deps.client.deleteByQuery({
          index,
          // A document updated meanwhile is skipped, not an error; tomorrow's run gets it.
          conflicts: 'proceed',
          body: { query: { range: { sendtimestamp: { lt: `now-${deps.retentionDays}d` } } } },
        });
        // Without wait_for_completion=false the body is the finished run's summary.
        const body = response.body as { deleted?: number; failures?: readonly unknown[] };
        deleted[index] = body.deleted ?? 0;
        if (body.failures && body.failures.length > 0) {
          failures.push(`${index}: ${body.failures.length} document(s) failed`);
        }
      } catch (error) {
        failures.push(`${index}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    log(JSON.stringify({ retentionDays: deps.retentionDays, deleted }));
    if (failures.length > 0) {
      throw new Error(`history retention failed for:\n  ${failures.join('\n  ')}`);
    }
    return deleted;
  };
}
