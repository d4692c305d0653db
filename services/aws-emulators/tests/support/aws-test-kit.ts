import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What every SDK client in these tests is built with: the edge as endpoint, dummy keys. */
export function clientConfig(endpoint: string) {
  return {
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    // A failure should surface at once, not after the SDK's retries with back-off.
    maxAttempts: 1,
  };
}

/** A fresh directory, removed by the returned function. */
export function tempDir(prefix: string): { readonly dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Asserts that an SDK call fails with the modelled exception `name`; returns the error. */
export async function expectAwsError(
  call: Promise<unknown>,
  name: string,
): Promise<Error & Record<string, unknown>> {
  const error = await call.then(
    () => undefined,
    (err: unknown) => err as Error & Record<string, unknown>,
  );
  expect(error).toBeDefined();
  expect(error!.name).toBe(name);
  return error!;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** A SigV4-shaped `Authorization` header for `service` (the edge reads only the scope). */
export function authorization(service: string): string {
  return `AWS4-HMAC-SHA256 Credential=test/20261201/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=00`;
}

/** A plain HTTP request, for what no SDK client would send. */
export function rawRequest(
  url: string,
  options: {
    method?: string;
    path: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
  },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}${options.path}`,
      {
        method: options.method ?? 'GET',
        // Node frames a GET's body only when told its length.
        headers: {
          ...(options.body === undefined
            ? {}
            : { 'content-length': String(Buffer.byteLength(options.body)) }),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A clock a test moves by hand; starts at 2026-12-01T00:00:00Z. */
export class ManualClock {
  now = Date.UTC(2026, 11, 1);
  readonly read = (): number => this.now;
  advance(ms: number): void {
    this.now += ms;
  }
}
