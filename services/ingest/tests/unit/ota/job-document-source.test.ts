import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IoTClient } from '@aws-sdk/client-iot';
import {
  type JobDocumentError,
  createJobDocumentSource,
  parseOtaJobDocument,
} from '../../../src/ota/job-document-source';

const OTA_DOCUMENT = {
  operation: 'ota_update',
  desiredVersion: '2.4.0',
  url: 'https://updates.example.com/tcu/2.4.0.bin',
};

/** The job documents the fake IoT control plane knows, by job id. */
const JOBS: Record<string, string> = {
  'ota-2-4-0': JSON.stringify(OTA_DOCUMENT),
  'ota-2-5-0': JSON.stringify({ operation: 'ota_update', desiredVersion: '2.5.0' }),
  'ota-2-6-0': JSON.stringify({ operation: 'ota_update', desiredVersion: '2.6.0' }),
  reboot: JSON.stringify({ operation: 'reboot' }),
  garbled: '{"operation": "ota_update",',
};

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * A tiny IoT control plane answering `GET /jobs/{jobId}/job-document` in restJson1, counting the
 * requests per job. A job in `held` is answered only once its gate opens.
 */
class FakeIot {
  readonly requests = new Map<string, number>();
  readonly held = new Map<string, { arrived: Deferred; release: Deferred }>();
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.answer(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  hold(jobId: string) {
    const gate = { arrived: deferred(), release: deferred() };
    this.held.set(jobId, gate);
    return gate;
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = /^\/jobs\/([^/]+)\/job-document$/.exec(new URL(req.url!, this.url).pathname);
    const jobId = match ? decodeURIComponent(match[1]!) : undefined;
    if (req.method !== 'GET' || jobId === undefined) {
      res.writeHead(400, { 'x-amzn-errortype': 'InvalidRequestException' });
      res.end(JSON.stringify({ message: `unexpected ${req.method} ${req.url}` }));
      return;
    }
    this.requests.set(jobId, (this.requests.get(jobId) ?? 0) + 1);
    const gate = this.held.get(jobId);
    if (gate) {
      gate.arrived.resolve();
      await gate.release.promise;
    }
    const document = JOBS[jobId];
    if (jobId === 'forbidden') {
      res.writeHead(403, {
        'content-type': 'application/json',
        'x-amzn-errortype': 'UnauthorizedException',
      });
      res.end(JSON.stringify({ message: 'not allowed' }));
    } else if (document === undefined) {
      res.writeHead(404, {
        'content-type': 'application/json',
        'x-amzn-errortype': 'ResourceNotFoundException',
      });
      res.end(JSON.stringify({ message: `Job ${jobId} cannot be found.` }));
    } else {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ document }));
    }
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) =>
      this.server.close((err) => (err ? reject(err) : resolve())),
    );
  }
}

let fake: FakeIot;
let iot: IoTClient;

beforeAll(async () => {
  fake = new FakeIot();
  await fake.start();
  iot = new IoTClient({
    endpoint: fake.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
});

afterAll(async () => {
  iot.destroy();
  await fake.close();
});

beforeEach(() => fake.requests.clear());

async function rejection(promise: Promise<unknown>): Promise<JobDocumentError> {
  try {
    await promise;
  } catch (err) {
    return err as JobDocumentError;
  }
  throw new Error('expected the lookup to fail');
}

describe('createJobDocumentSource', () => {
  it('reads a job document with GetJobDocument, once per job', async () => {
    const source = createJobDocumentSource({ iot });
    await expect(source('ota-2-4-0')).resolves.toEqual(OTA_DOCUMENT);
    await expect(source('ota-2-4-0')).resolves.toEqual(OTA_DOCUMENT);
    expect(fake.requests.get('ota-2-4-0')).toBe(1);
  });

  it('shares one request among concurrent lookups of a job', async () => {
    const source = createJobDocumentSource({ iot });
    const gate = fake.hold('ota-2-5-0');
    const first = source('ota-2-5-0');
    await gate.arrived.promise;
    const second = source('ota-2-5-0');
    gate.release.resolve();
    await expect(Promise.all([first, second])).resolves.toEqual([
      { operation: 'ota_update', desiredVersion: '2.5.0' },
      { operation: 'ota_update', desiredVersion: '2.5.0' },
    ]);
    expect(fake.requests.get('ota-2-5-0')).toBe(1);
    fake.held.delete('ota-2-5-0');
  });

  it('reads a job again once its entry has expired', async () => {
    let now = 1_000;
    const source = createJobDocumentSource({ iot, ttlMs: 500, now: () => now });
    await source('ota-2-4-0');
    now = 1_499;
    await source('ota-2-4-0');
    expect(fake.requests.get('ota-2-4-0')).toBe(1);
    now = 1_500;
    await source('ota-2-4-0');
    expect(fake.requests.get('ota-2-4-0')).toBe(2);
  });

  it('keeps at most maxEntries documents, dropping the least recently used', async () => {
    const source = createJobDocumentSource({ iot, maxEntries: 2 });
    await source('ota-2-4-0');
    await source('ota-2-5-0');
    await source('ota-2-4-0'); // used again: now 2-5-0 is the oldest
    await source('ota-2-6-0');
    await source('ota-2-4-0');
    await source('ota-2-5-0');
    expect(Object.fromEntries(fake.requests)).toEqual({
      'ota-2-4-0': 1,
      'ota-2-5-0': 2,
      'ota-2-6-0': 1,
    });
  });

  it('fails an unknown job with JOB_NOT_FOUND, and asks again next time', async () => {
    const source = createJobDocumentSource({ iot });
    const error = await rejection(source('no-such-job'));
    expect(error).toMatchObject({ code: 'JOB_NOT_FOUND', jobId: 'no-such-job' });
    expect(error.message).toBe('job no-such-job does not exist');
    expect((error.cause as Error).name).toBe('ResourceNotFoundException');
    await rejection(source('no-such-job'));
    expect(fake.requests.get('no-such-job')).toBe(2);
  });

  it('fails other IoT errors with JOB_LOOKUP_FAILED', async () => {
    const source = createJobDocumentSource({ iot });
    const error = await rejection(source('forbidden'));
    expect(error.code).toBe('JOB_LOOKUP_FAILED');
    expect(error.message).toBe('GetJobDocument forbidden failed: not allowed');
  });

  it('fails a document that is not an OTA job with JOB_DOCUMENT_INVALID', async () => {
    const source = createJobDocumentSource({ iot });
    const notOta = await rejection(source('reboot'));
    expect(notOta.code).toBe('JOB_DOCUMENT_INVALID');
    expect(notOta.message).toContain(
      'job reboot is not an OTA job: operation must be "ota_update"',
    );
    const garbled = await rejection(source('garbled'));
    expect(garbled).toMatchObject({
      code: 'JOB_DOCUMENT_INVALID',
      message: 'job garbled document is not JSON',
    });
  });
});

describe('parseOtaJobDocument', () => {
  it('names what is wrong with a document', () => {
    expect(() => parseOtaJobDocument('j', '{"operation":"ota_update"}')).toThrow(
      'job j is not an OTA job: desiredVersion must be a string',
    );
    expect(() =>
      parseOtaJobDocument('j', '{"operation":"ota_update","desiredVersion":" "}'),
    ).toThrow('desiredVersion must not be empty');
    expect(() => parseOtaJobDocument('j', undefined)).toThrow('job j document is not JSON');
  });

  it('keeps the keys it does not know', () => {
    expect(parseOtaJobDocument('j', JSON.stringify(OTA_DOCUMENT))).toEqual(OTA_DOCUMENT);
  });
});
