import type { EventDocument } from '@fleet/index-mappings';
import { type HistoryDeps, ingestDeviceHistory } from '../device-history';
import { withLocation } from '../with-location';
import type { IngestRecord, IngestResult } from '../ingest-record';

/** The event handler's core: appends alerts to `event`, `_id` from the message id. */
export function ingestEvent(
  records: readonly IngestRecord[],
  deps: HistoryDeps,
): Promise<IngestResult> {
  return ingestDeviceHistory(
    'event',
    records,
    deps,
    ({ message, historyId }) => {
      const document: EventDocument = {
        ...message,
        geolocation: withLocation(message.geolocation),
      };
      return { action: 'create', index: 'event', id: historyId, document };
    },
    'duplicate',
  );
}
