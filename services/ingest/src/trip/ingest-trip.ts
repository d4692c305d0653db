import type { TripDocument } from '@fleet/index-mappings';
import { type HistoryDeps, ingestDeviceHistory } from '../device-history';
import { withLocation } from '../with-location';
import type { IngestRecord, IngestResult } from '../ingest-record';

/**
 * The trip handler's core: upserts `trip` with `_id` = tripid. The send time is the document's
 * external version, so a redelivered or older summary never replaces a newer one.
 */
export function ingestTrip(
  records: readonly IngestRecord[],
  deps: HistoryDeps,
): Promise<IngestResult> {
  return ingestDeviceHistory(
    'trip',
    records,
    deps,
    ({ message }) => {
      const { tripsummary } = message;
      const document: TripDocument = {
        ...message,
        tripsummary: {
          ...tripsummary,
          startlocation: withLocation(tripsummary.startlocation),
          endlocation: withLocation(tripsummary.endlocation),
        },
      };
      return {
        action: 'index',
        index: 'trip',
        id: message.tripid,
        document,
        externalVersion: { version: Date.parse(message.sendtimestamp), type: 'external_gte' },
      };
    },
    'stale',
  );
}
