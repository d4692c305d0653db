import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSearchClient } from '../../src';

/** A server that records the headers OpenSearch would see. */
async function recordingServer() {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((request, response) => {
    seen.push(request.headers);
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ count: 0 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('createSearchClient', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('signs every request with SigV4 for the es service when asked', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
    process.env.AWS_SECRET_ACCESS_KEY = 'secret';
    const server = await recordingServer();
    const client = createSearchClient({ url: server.url, auth: 'sigv4', region: 'eu-west-1' });
    try {
      await client.count({ index: 'cardata' });
      expect(server.seen[0]?.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/es\/aws4_request/,
      );
    } finally {
      await client.close();
      await server.close();
    }
  });

  it('sends no signature in local mode', async () => {
    const server = await recordingServer();
    const client = createSearchClient({ url: server.url, auth: 'none', region: 'eu-west-1' });
    try {
      await client.count({ index: 'cardata' });
      expect(server.seen[0]?.authorization).toBeUndefined();
    } finally {
      await client.close();
      await server.close();
    }
  });
});
