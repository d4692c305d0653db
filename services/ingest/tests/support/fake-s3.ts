import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { S3Client } from '@aws-sdk/client-s3';

/**
 * Just enough of S3's REST API (path-style PutObject) for the real S3Client to write to, until
 * local mode has its own AWS emulators. `failing` makes every write answer 503.
 */
export async function startFakeS3() {
  const objects = new Map<string, string>();
  let failing = false;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (failing) {
        res.writeHead(503, { 'content-type': 'application/xml' });
        res.end('<Error><Code>SlowDown</Code><Message>try later</Message></Error>');
        return;
      }
      if (req.method !== 'PUT') {
        res.writeHead(405).end();
        return;
      }
      objects.set(decodeURIComponent(req.url!.slice(1)), Buffer.concat(chunks).toString());
      res.writeHead(200, { etag: '"0"' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = new S3Client({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    forcePathStyle: true,
    maxAttempts: 1,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  return {
    client,
    objects,
    setFailing(value: boolean) {
      failing = value;
    },
    close: () => {
      client.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
