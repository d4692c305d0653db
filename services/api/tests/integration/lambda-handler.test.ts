import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureIndices } from '@fleet/index-mappings';
import { startSearchEngine } from '@fleet/search-engine';
import { Client } from '@opensearch-project/opensearch';
import type { Context } from 'aws-lambda';
import { loadConfig } from '../../src/config';
import { apiEvent } from '../support/api-harness';
import { startTestAws } from '../support/local-aws';

const context = { awsRequestId: 'req-1', functionName: 'fleet-api' } as Context;

describe('the API Lambda entry point', () => {
  it('runs unchanged against local endpoints: only OPENSEARCH_URL and AWS_ENDPOINT_URL_* differ', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'api-lambda-'));
    const engine = await startSearchEngine({ dataDir, port: 0 });
    const search = new Client({ node: engine.url });
    await ensureIndices(search, { replicas: 0 });
    const aws = await startTestAws();
    const saved = { ...process.env };
    Object.assign(process.env, {
      OPENSEARCH_URL: engine.url,
      OPENSEARCH_AUTH: 'none',
      AWS_REGION: 'us-east-1',
      AWS_ACCOUNT_ID: '000000000000',
      AWS_ENDPOINT_URL_SSM: aws.url,
      AWS_ENDPOINT_URL_IOT: aws.url,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      CONSOLE_ORIGINS: 'http://localhost:3000',
      POWERTOOLS_LOG_LEVEL: 'CRITICAL',
    });
    try {
      const { handler } = await import('../../src/lambda/handler');
      const config = await handler(apiEvent('GET', '/config', { groups: ['admin'] }), context);
      expect(config.statusCode).toBe(200);
      expect(JSON.parse(config.body)).toMatchObject({ audit: { changes: [] } });
      const jobs = await handler(apiEvent('GET', '/ota/jobs', { groups: ['viewer'] }), context);
      expect(jobs.statusCode).toBe(200);
      const missing = await handler(apiEvent('GET', `/vehicles/1FLEETVEH00000001`), context);
      expect(missing.statusCode).toBe(404);
    } finally {
      process.env = saved;
      await aws.dispose();
      await search.close();
      await engine.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('API configuration', () => {
  const base = {
    OPENSEARCH_URL: 'https://search.example.com',
    AWS_REGION: 'eu-west-1',
    AWS_ACCOUNT_ID: '123456789012',
  };

  it('defaults what it can', () => {
    expect(loadConfig(base)).toEqual({
      opensearchUrl: 'https://search.example.com',
      opensearchAuth: 'sigv4',
      region: 'eu-west-1',
      accountId: '123456789012',
      configPath: '/fleet/config',
      consoleOrigins: [],
      offlineAfterMs: 900_000,
    });
  });

  it('fails fast naming each bad variable', () => {
    expect(() => loadConfig({ ...base, OPENSEARCH_URL: 'nope' })).toThrow(/OPENSEARCH_URL/);
    expect(() => loadConfig({ ...base, AWS_ACCOUNT_ID: '12' })).toThrow(/AWS_ACCOUNT_ID/);
    expect(() => loadConfig({ ...base, CONSOLE_ORIGINS: 'x' })).toThrow(/CONSOLE_ORIGINS/);
    expect(() => loadConfig({ ...base, OPENSEARCH_AUTH: 'basic' })).toThrow(/OPENSEARCH_AUTH/);
  });
});
