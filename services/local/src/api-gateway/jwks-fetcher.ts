import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Fetcher } from 'aws-jwt-verify/https';
import { FetchError, NonRetryableFetchError } from 'aws-jwt-verify/error';

/**
 * aws-jwt-verify fetches a JWKS over `https:` only; cognito-local serves it over `http:`. This
 * fetcher takes either, without keep-alive, so no socket outlives a fetch.
 */
export class JwksFetcher implements Fetcher {
  constructor(private readonly timeoutMs = 3000) {}

  fetch(uri: string): Promise<ArrayBuffer> {
    const request = uri.startsWith('https:') ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = request(uri, { agent: false, timeout: this.timeoutMs }, (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(new NonRetryableFetchError(uri, `Status code is ${res.statusCode}, expected 200`));
          return;
        }
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength));
        });
      });
      req.on('timeout', () => req.destroy(new Error(`no answer in ${this.timeoutMs} ms`)));
      // A FetchError names the URI, and tells the verifier the fault is not the token's.
      req.on('error', (err) => reject(new FetchError(uri, err.message)));
      req.end();
    });
  }
}
