import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';

/**
 * `.data/local-stack.json`: every endpoint and id a script or the console needs to reach the
 * running stack, written once everything is up.
 */
export const localStackManifest = z.object({
  searchUrl: z.url(),
  mqttUrl: z.string(),
  mqttWsUrl: z.string(),
  awsEndpoint: z.url(),
  apiUrl: z.url(),
  region: z.string(),
  cognito: z.object({
    endpoint: z.url(),
    userPoolId: z.string(),
    clientId: z.string(),
    issuer: z.url(),
  }),
  demoUsers: z.array(z.object({ username: z.string(), group: z.string() })),
  startedAt: z.iso.datetime(),
});
export type LocalStackManifest = z.output<typeof localStackManifest>;

export async function writeLocalStackManifest(file: string, manifest: LocalStackManifest) {
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.tmp`;
  await writeFile(temporary, `${JSON.stringify(localStackManifest.parse(manifest), null, 2)}\n`);
  await rename(temporary, file);
}
