import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';

/** The repository root (the folder with turbo.json), where `.data/` lives. */
function repositoryRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'turbo.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

const schema = z.object({
  FLEET_DATA_DIR: z.string().min(1).optional(),
  FLEET_HOST: z.string().default('127.0.0.1'),
  SEARCH_ENGINE_PORT: z.coerce.number().int().min(0).max(65535).default(9200),
});

export interface LocalStackConfig {
  /** Local state: `<root>/.data` unless FLEET_DATA_DIR says otherwise. */
  readonly dataDir: string;
  readonly host: string;
  readonly searchPort: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): LocalStackConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success)
    throw new Error(`invalid local stack configuration: ${z.prettifyError(parsed.error)}`);
  return {
    dataDir: resolve(parsed.data.FLEET_DATA_DIR ?? join(repositoryRoot(), '.data')),
    host: parsed.data.FLEET_HOST,
    searchPort: parsed.data.SEARCH_ENGINE_PORT,
  };
}
