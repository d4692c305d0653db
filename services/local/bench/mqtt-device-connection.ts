/**
 * A lean MQTT 3.1.1 device connection for the load generator: CONNECT, QoS 1 PUBLISH written from
 * pre-encoded packets, PUBACKs matched by packet id, PINGREQ when idle. MQTT.js cost the load
 * generator about 0.07 ms of CPU per message, CPU the process under test then lacked on a 2-core
 * machine; this writes one pre-built buffer per message and reads 4-byte PUBACKs. It is the same
 * protocol on the same TCP socket, so the broker sees exactly what a device would send.
 */
import { type Socket, connect as tcpConnect } from 'node:net';
import type { PayloadTemplate } from './fleet';

const CONNECT = 0x10;
const PUBLISH_QOS1 = 0x32;
const PINGREQ = Buffer.from([0xc0, 0x00]);
const DISCONNECT = Buffer.from([0xe0, 0x00]);
const TYPE_CONNACK = 2;
const TYPE_PUBACK = 4;

/** MQTT's variable-length "remaining length". */
function remainingLength(length: number): number[] {
  const bytes: number[] = [];
  let rest = length;
  do {
    let byte = rest % 128;
    rest = Math.floor(rest / 128);
    if (rest > 0) byte |= 0x80;
    bytes.push(byte);
  } while (rest > 0);
  return bytes;
}

const utf8Field = (text: string) => {
  const bytes = Buffer.from(text, 'utf8');
  const field = Buffer.alloc(2 + bytes.length);
  field.writeUInt16BE(bytes.length, 0);
  bytes.copy(field, 2);
  return field;
};

/** CONNECT with a clean session (MQTT 3.1.1, protocol level 4). */
export function connectPacket(clientId: string, keepaliveSeconds: number): Buffer {
  const variableHeader = Buffer.from([0, 4, 0x4d, 0x51, 0x54, 0x54, 4, 0x02, 0, 0]);
  variableHeader.writeUInt16BE(keepaliveSeconds, 8);
  const body = Buffer.concat([variableHeader, utf8Field(clientId)]);
  return Buffer.concat([Buffer.from([CONNECT, ...remainingLength(body.length)]), body]);
}

/** A QoS 1 PUBLISH of one payload template, with where its packet id, sequence and times go. */
export interface PublishTemplate {
  readonly bytes: Buffer;
  readonly packetIdOffset: number;
  readonly seqOffset: number;
  readonly timeOffsets: readonly number[];
}

export function publishTemplate(topic: string, payload: PayloadTemplate): PublishTemplate {
  const topicField = utf8Field(topic);
  const header = Buffer.from([
    PUBLISH_QOS1,
    ...remainingLength(topicField.length + 2 + payload.bytes.length),
  ]);
  const packetIdOffset = header.length + topicField.length;
  const payloadOffset = packetIdOffset + 2;
  return {
    bytes: Buffer.concat([header, topicField, Buffer.alloc(2), payload.bytes]),
    packetIdOffset,
    seqOffset: payloadOffset + payload.seqOffset,
    timeOffsets: payload.timeOffsets.map((offset) => payloadOffset + offset),
  };
}

/** A fresh packet from a template; the socket may still hold it, so never reuse one. */
export function fillPublish(
  template: PublishTemplate,
  packetId: number,
  seqDigits: string,
  nowIso: string,
): Buffer {
  const bytes = Buffer.allocUnsafe(template.bytes.length);
  template.bytes.copy(bytes);
  bytes.writeUInt16BE(packetId, template.packetIdOffset);
  bytes.write(seqDigits, template.seqOffset, 'latin1');
  for (const offset of template.timeOffsets) bytes.write(nowIso, offset, 'latin1');
  return bytes;
}

export class MqttDeviceConnection {
  private readonly waiting = new Map<number, (err?: Error) => void>();
  private nextId = 0;
  private pending: Buffer | undefined;
  private lastWriteAt = Date.now();
  private closed = false;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.read(chunk));
    socket.on('close', () => this.fail(new Error('connection closed')));
    socket.on('error', () => undefined); // reported through 'close'
  }

  /** Connects, and resolves once the broker accepts the CONNECT (CONNACK return code 0). */
  static open(
    url: string,
    clientId: string,
    keepaliveSeconds: number,
    timeoutMs: number,
  ): Promise<MqttDeviceConnection> {
    const { hostname, port } = new URL(url);
    return new Promise((resolve, reject) => {
      const socket = tcpConnect({ host: hostname, port: Number(port || 1883), noDelay: true });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`${clientId}: no CONNACK within ${timeoutMs} ms`));
      }, timeoutMs);
      const connection = new MqttDeviceConnection(socket);
      connection.onConnack = (returnCode) => {
        clearTimeout(timer);
        if (returnCode === 0) resolve(connection);
        else {
          socket.destroy();
          reject(new Error(`${clientId}: CONNACK return code ${returnCode}`));
        }
      };
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      socket.write(connectPacket(clientId, keepaliveSeconds));
    });
  }

  private onConnack: (returnCode: number) => void = () => undefined;

  /** The id for the next PUBLISH: 1–65535, cycling; far more than any window needs. */
  packetId(): number {
    this.nextId = this.nextId === 0xffff ? 1 : this.nextId + 1;
    return this.nextId;
  }

  /** Sends a filled PUBLISH; `done` runs at its PUBACK, or with an error if the link drops. */
  publish(packet: Buffer, packetId: number, done: (err?: Error) => void): void {
    if (this.closed) {
      done(new Error('connection closed'));
      return;
    }
    this.waiting.set(packetId, done);
    this.lastWriteAt = Date.now();
    this.socket.write(packet);
  }

  /** A PINGREQ when nothing was sent for `idleMs`, so the broker's keep-alive stays satisfied. */
  pingIfIdle(now: number, idleMs: number): void {
    if (this.closed || now - this.lastWriteAt < idleMs) return;
    this.lastWriteAt = now;
    this.socket.write(PINGREQ);
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.end(DISCONNECT);
    });
  }

  private fail(err: Error): void {
    this.closed = true;
    const callbacks = [...this.waiting.values()];
    this.waiting.clear();
    for (const done of callbacks) done(err);
  }

  /** Frames incoming packets; only CONNACK and PUBACK matter to a publishing device. */
  private read(chunk: Buffer): void {
    const data = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = undefined;
    let at = 0;
    while (at < data.length) {
      // Fixed header: type in the high nibble, then a 1–4 byte remaining length.
      let length = 0;
      let multiplier = 1;
      let cursor = at + 1;
      let complete = false;
      while (cursor < data.length && cursor <= at + 4) {
        const byte = data[cursor++]!;
        length += (byte & 0x7f) * multiplier;
        multiplier *= 128;
        if ((byte & 0x80) === 0) {
          complete = true;
          break;
        }
      }
      if (!complete || cursor + length > data.length) break;
      const type = data[at]! >> 4;
      if (type === TYPE_PUBACK && length >= 2) {
        const id = data.readUInt16BE(cursor);
        const done = this.waiting.get(id);
        if (done) {
          this.waiting.delete(id);
          done();
        }
      } else if (type === TYPE_CONNACK && length >= 2) {
        this.onConnack(data[cursor + 1]!);
      }
      at = cursor + length;
    }
    if (at < data.length) this.pending = data.subarray(at);
  }
}
