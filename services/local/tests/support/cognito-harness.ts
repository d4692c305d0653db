import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CognitoLocal, startCognitoLocal } from '../../src/cognito/cognito-local';
import { type SeededUserPool, seedUserPool } from '../../src/cognito/seed-user-pool';

export const DEMO_PASSWORD = 'Fleet-demo-1!';

export interface SeededCognito {
  readonly cognito: CognitoLocal;
  readonly pool: SeededUserPool;
  readonly dataDir: string;
  readonly logs: string[];
  close(): Promise<void>;
}

/** cognito-local on a free port and a temporary directory, seeded with the demo users. */
export async function startSeededCognito(): Promise<SeededCognito> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fleet-cognito-'));
  const logs: string[] = [];
  const cognito = await startCognitoLocal({
    host: '127.0.0.1',
    port: 0,
    dataDir,
    log: (message) => logs.push(message),
  });
  const pool = await seedUserPool({ endpoint: cognito.endpoint, demoPassword: DEMO_PASSWORD });
  return {
    cognito,
    pool,
    dataDir,
    logs,
    async close() {
      await cognito.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
