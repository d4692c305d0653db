import { createServer, type AddressInfo, type Socket } from 'node:net';
import { createBroker, type AuthenticateError, type Client } from 'aedes';

/** What the broker saw, in order: connection attempts and publishes. */
export type BrokerReport =
  | {
      readonly type: 'auth';
      readonly clientId: string;
      readonly privileged: boolean;
      readonly accepted: boolean;
    }
  | {
      readonly type: 'publish';
      readonly clientId: string;
      readonly topic: string;
      readonly payload: string;
    };

export interface TestBroker {
  readonly url: string;
  /** Everything the broker saw, in the order it happened. */
  readonly reports: readonly BrokerReport[];
  /** Resolves once `condition` holds over the reports so far. */
  until(condition: (reports: readonly BrokerReport[]) => boolean): Promise<void>;
  /** Cuts every device connection, as a broker restart would. */
  dropDevices(): void;
  /** Publishes as AWS IoT itself does (job replies, notifications): QoS 1, not retained. */
  publish(topic: string, payload: unknown): Promise<void>;
  /** Called with every message a client publishes, once the broker has taken it. */
  onClientPublish(listener: (topic: string, payload: Buffer, clientId: string) => void): void;
  close(): Promise<void>;
}

export interface TestBrokerOptions {
  /** Admits devices a registry knows, besides those a registry event announced. */
  readonly isRegistered?: (thingName: string) => boolean;
}

const CREATED = /^\$aws\/events\/thing\/([^/]+)\/created$/;

/**
 * A bare Aedes broker on a free port, behaving as local mode's will: it admits the privileged
 * identity, and devices (without credentials) whose thing name a registry event has announced.
 * Devices may publish only under `dt/cvra/{their client id}/` and `$aws/things/{it}/`.
 */
export async function startTestBroker(
  username: string,
  password: string,
  options: TestBrokerOptions = {},
): Promise<TestBroker> {
  const reports: BrokerReport[] = [];
  const waiters = new Set<{ check: () => boolean; resolve: () => void }>();
  const privileged = new WeakSet<Client>();
  const registered = new Set<string>();
  const sockets = new Set<Socket>();
  const devices = new Set<Client>();
  const publishListeners: ((topic: string, payload: Buffer, clientId: string) => void)[] = [];
  const isRegistered = (thingName: string) =>
    registered.has(thingName) || options.isRegistered?.(thingName) === true;

  const report = (entry: BrokerReport) => {
    reports.push(entry);
    for (const waiter of waiters) {
      if (waiter.check()) {
        waiters.delete(waiter);
        waiter.resolve();
      }
    }
  };

  const broker = createBroker({
    authenticate(client, user, pass, done) {
      const isPrivileged = user === username && pass?.toString() === password;
      const accepted = isPrivileged || (user === undefined && isRegistered(client.id));
      report({ type: 'auth', clientId: client.id, privileged: isPrivileged, accepted });
      if (isPrivileged) privileged.add(client);
      if (accepted) return done(null, true);
      const error = new Error('not registered') as AuthenticateError;
      error.returnCode = 5;
      done(error, false);
    },
    authorizePublish(client, packet, done) {
      if (!client) return done(null);
      report({
        type: 'publish',
        clientId: client.id,
        topic: packet.topic,
        payload: packet.payload.toString(),
      });
      if (privileged.has(client)) {
        // Registered before the PUBACK goes out, so the announced device may connect next.
        const thingName = CREATED.exec(packet.topic)?.[1];
        if (thingName) registered.add(thingName);
        return done(null);
      }
      const own =
        packet.topic.startsWith(`dt/cvra/${client.id}/`) ||
        packet.topic.startsWith(`$aws/things/${client.id}/`);
      done(own ? null : new Error('not your topic'));
    },
  });
  broker.on('clientReady', (client) => {
    if (!privileged.has(client)) devices.add(client);
  });
  broker.on('clientDisconnect', (client) => devices.delete(client));
  // Without a client the broker published it itself: not a device's message.
  broker.on('publish', (packet, client) => {
    if (!client) return;
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
    for (const listener of publishListeners) listener(packet.topic, payload, client.id);
  });

  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    broker.handle(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `mqtt://127.0.0.1:${port}`,
    reports,
    until(condition) {
      if (condition(reports)) return Promise.resolve();
      return new Promise((resolve) => waiters.add({ check: () => condition(reports), resolve }));
    },
    dropDevices() {
      for (const client of devices) client.conn.destroy();
    },
    publish(topic, payload) {
      return new Promise((resolve, reject) =>
        broker.publish(
          {
            cmd: 'publish',
            topic,
            payload: Buffer.from(JSON.stringify(payload)),
            qos: 1,
            retain: false,
            dup: false,
          },
          (error) => (error ? reject(error) : resolve()),
        ),
      );
    },
    onClientPublish(listener) {
      publishListeners.push(listener);
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
