import { type Server, createServer } from 'node:net';
import { type AddressInfo } from 'node:net';
import type Aedes from 'aedes';
import { type AedesPublishPacket, type Client, createBroker } from 'aedes';
import { WebSocketServer, createWebSocketStream } from 'ws';
import { type ClientIdentity, type InternalIdentity, devicePolicy } from './device-policy';

export interface MqttBrokerOptions {
  readonly host: string;
  /** MQTT over TCP; 0 picks a free port. */
  readonly tcpPort: number;
  /** MQTT over WebSocket (path `/mqtt`); 0 picks a free port. */
  readonly wsPort: number;
  /** The privileged identity our own components (rules engine, provisioning) connect with. */
  readonly internal: InternalIdentity;
  readonly isRegisteredThing: (thingName: string) => boolean;
  /** A device publish the policy refused: logged, and oversized payloads go to the error sink. */
  readonly onRefused: (refusal: {
    readonly clientId: string;
    readonly topic: string;
    readonly payload: Buffer;
    readonly reason: string;
  }) => void;
  readonly log: (message: string) => void;
  /** Holds device publishes while ingest is behind; none when absent. */
  readonly backpressure?: { pass(proceed: () => void): void };
}

export interface MqttBroker {
  readonly aedes: Aedes;
  readonly tcpUrl: string;
  readonly wsUrl: string;
  close(): Promise<void>;
}

const identities = new WeakMap<Client, ClientIdentity>();

function listen(server: Server | WebSocketServer, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    if (server instanceof WebSocketServer) {
      server.once('error', reject);
      server.once('listening', () => resolve((server.address() as AddressInfo).port));
      return;
    }
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

/**
 * Local mode's IoT Core data plane: an Aedes MQTT 3.1.1 broker on TCP and WebSocket that admits
 * registered things under the device policy, and our components under the internal identity.
 */
export async function startMqttBroker(options: MqttBrokerOptions): Promise<MqttBroker> {
  const aedes = createBroker({
    // Messages in delivery at once; the rules engine consumes in-process, so this is headroom.
    concurrency: 1000,
    authenticate(client, username, password, done) {
      if (username !== undefined || password !== undefined) {
        const internal =
          username === options.internal.username &&
          password?.toString() === options.internal.password;
        if (internal) {
          identities.set(client, { kind: 'internal' });
          return done(null, true);
        }
      }
      const refusal = devicePolicy.connect(client.id, options.isRegisteredThing);
      if (refusal) {
        options.log(`refused connection: ${refusal}`);
        return done(Object.assign(new Error(refusal), { returnCode: 5 }), false);
      }
      identities.set(client, { kind: 'device', thingName: client.id });
      done(null, true);
    },
    authorizePublish(client, packet, callback) {
      const identity = client ? identities.get(client) : undefined;
      if (identity?.kind === 'internal') return callback(null);
      if (!client || !identity) return callback(new Error('unauthenticated publish'));
      const payload = Buffer.isBuffer(packet.payload)
        ? packet.payload
        : Buffer.from(packet.payload);
      const refusal = devicePolicy.publish(identity.thingName, packet.topic, payload.length);
      if (!refusal) {
        // Aedes handles a client's packets in order, so holding this one holds the client.
        if (options.backpressure) return options.backpressure.pass(() => callback(null));
        return callback(null);
      }
      options.onRefused({ clientId: client.id, topic: packet.topic, payload, reason: refusal });
      // As IoT Core does, a refused publish disconnects the client.
      callback(new Error(refusal));
    },
    authorizeSubscribe(client, subscription, callback) {
      const identity = identities.get(client);
      if (identity?.kind === 'internal') return callback(null, subscription);
      const refusal = identity
        ? devicePolicy.subscribe(identity.thingName, subscription.topic)
        : 'unauthenticated subscribe';
      if (!refusal) return callback(null, subscription);
      options.log(`refused subscription: ${refusal}`);
      // A null subscription answers SUBACK 128 (failure), as IoT Core does, without a disconnect.
      callback(null, null);
    },
  });

  const tcp = createServer(aedes.handle);
  let ws: WebSocketServer | undefined;
  let tcpPort: number;
  let wsPort: number;
  try {
    tcpPort = await listen(tcp, options.host, options.tcpPort);
    ws = new WebSocketServer({ host: options.host, port: options.wsPort, path: '/mqtt' });
    ws.on('connection', (socket, request) => {
      aedes.handle(createWebSocketStream(socket), request);
    });
    wsPort = await listen(ws, options.host, options.wsPort);
  } catch (err) {
    // A port in use must not leave the other listener or the broker behind.
    ws?.close();
    tcp.close();
    aedes.close();
    throw err;
  }
  const wsServer = ws;

  return {
    aedes,
    tcpUrl: `mqtt://${options.host}:${tcpPort}`,
    wsUrl: `ws://${options.host}:${wsPort}/mqtt`,
    async close() {
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      for (const client of wsServer.clients) client.terminate();
      await Promise.all([
        new Promise<void>((resolve) => wsServer.close(() => resolve())),
        new Promise<void>((resolve) => tcp.close(() => resolve())),
      ]);
    },
  };
}

export type { AedesPublishPacket };
