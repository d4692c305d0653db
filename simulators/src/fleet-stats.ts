import { DEVICE_MESSAGE_KINDS, type DeviceMessageKind } from '@fleet/device-contract';
import { OTA_OUTCOMES, type OtaOutcome } from './ota/ota-agent';

/** What the fleet's OTA agents did with job executions, and the errors they absorbed. */
export type OtaStats = Readonly<Record<OtaOutcome, number>> & { readonly errors: number };

/** A fleet's counters since it started. */
export interface FleetStats {
  readonly vehicles: number;
  /** Vehicles whose MQTT connection is up right now. */
  readonly connected: number;
  /** Messages the broker acknowledged (PUBACK), by kind. */
  readonly sent: Readonly<Record<DeviceMessageKind, number>>;
  readonly sentTotal: number;
  /** Publishes the broker refused or that failed in flight. */
  readonly publishErrors: number;
  /** Failed connection attempts and errors on established connections. */
  readonly connectionErrors: number;
  /** Automatic reconnection attempts after a dropped connection. */
  readonly reconnects: number;
  /** Messages not published because the vehicle was offline or too far behind on PUBACKs. */
  readonly dropped: number;
  /** Executions started (installs begun), and how those and the others ended. */
  readonly ota: OtaStats;
}

/** The mutable counters behind `FleetStats`. */
export class FleetCounters {
  readonly sent: Record<DeviceMessageKind, number> = Object.fromEntries(
    DEVICE_MESSAGE_KINDS.map((kind) => [kind, 0]),
  ) as Record<DeviceMessageKind, number>;
  publishErrors = 0;
  connectionErrors = 0;
  reconnects = 0;
  dropped = 0;
  readonly ota: Record<OtaOutcome | 'errors', number> = {
    ...(Object.fromEntries(OTA_OUTCOMES.map((outcome) => [outcome, 0])) as Record<
      OtaOutcome,
      number
    >),
    errors: 0,
  };

  snapshot(vehicles: number, connected: number): FleetStats {
    const sent = { ...this.sent };
    return {
      vehicles,
      connected,
      sent,
      sentTotal: Object.values(sent).reduce((sum, count) => sum + count, 0),
      publishErrors: this.publishErrors,
      connectionErrors: this.connectionErrors,
      reconnects: this.reconnects,
      dropped: this.dropped,
      ota: { ...this.ota },
    };
  }
}
