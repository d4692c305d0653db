import { deviceTopic, type DeviceMessageKind, type DevicePayloads } from '@fleet/device-contract';

/** One MQTT publish a vehicle wants to make: its kind, topic and CVRA payload. */
export type OutgoingMessage = {
  [K in DeviceMessageKind]: {
    readonly kind: K;
    readonly topic: string;
    readonly payload: DevicePayloads[K];
  };
}[DeviceMessageKind];

/** The envelope fields every CVRA payload starts with. */
export interface Envelope {
  MessageId: string;
  CreationTimeStamp: string;
  SendTimeStamp: string;
  VIN: string;
}

/**
 * Numbers a vehicle's messages and stamps them with simulation time. Message ids are
 * `{vin}-{session}-{sequence}`: the session (the simulation clock at the first message, base 36)
 * keeps ids unique across restarts of a fleet with the same seed.
 */
export class MessageEnvelopes {
  private sequence = 0;
  private session: string | undefined;

  constructor(
    private readonly deviceId: string,
    private readonly vin: string,
  ) {}

  /**
   * `body` behind a fresh envelope. Object.assign rather than a spread: V8 builds large object
   * literals that start with a spread on a slow path, ~10x slower for a cardata payload.
   */
  stamp<T extends object>(createdAtMs: number, sentAtMs: number, body: T): Envelope & T {
    this.session ??= Math.floor(createdAtMs).toString(36);
    this.sequence += 1;
    const envelope: Envelope = {
      MessageId: `${this.vin}-${this.session}-${String(this.sequence).padStart(6, '0')}`,
      CreationTimeStamp: new Date(createdAtMs).toISOString(),
      SendTimeStamp: new Date(Math.max(createdAtMs, sentAtMs)).toISOString(),
      VIN: this.vin,
    };
    return Object.assign(envelope, body);
  }

  message<K extends DeviceMessageKind>(kind: K, payload: DevicePayloads[K]): OutgoingMessage {
    return { kind, topic: deviceTopic(this.deviceId, kind), payload } as OutgoingMessage;
  }
}
