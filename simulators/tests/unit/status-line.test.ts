import { FleetCounters } from '../../src/fleet-stats';
import { statusLine } from '../../src/status-line';

describe('status line', () => {
  it('shows connections, the rate over the window, totals and errors', () => {
    const counters = new FleetCounters();
    const before = counters.snapshot(500, 480);
    counters.sent.cardata += 1_000;
    counters.sent.trip += 5;
    counters.publishErrors += 2;
    counters.reconnects += 1;
    counters.ota.started += 4;
    counters.ota.succeeded += 2;
    counters.ota.failed += 1;
    const after = counters.snapshot(500, 499);
    expect(after.sentTotal).toBe(1_005);
    expect(statusLine(before, after, 5)).toBe(
      'connected 499/500 | 201.0 msg/s | sent 1005 (cardata 1000, trip 5, dtc 0, event 0) | ' +
        'errors publish 2, connection 0, reconnects 1 | dropped 0 | ' +
        'ota started 4, succeeded 2, failed 1, rejected 0, cancelled 0, errors 0',
    );
  });

  it('snapshots counters rather than sharing them', () => {
    const counters = new FleetCounters();
    const snapshot = counters.snapshot(1, 1);
    counters.sent.dtc += 1;
    counters.ota.started += 1;
    expect(snapshot.sent.dtc).toBe(0);
    expect(snapshot.ota.started).toBe(0);
  });
});
