import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { type StoreFile, storeFileSchema } from './model';

/** Reads `iot-jobs.json`; an absent file is an empty store, a corrupt one an error. */
export function loadStoreFile(file: string): StoreFile | undefined {
  if (!existsSync(file)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file} is not JSON: ${(err as Error).message}`);
  }
  const parsed = storeFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`${file} is not an IoT Jobs store: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

/**
 * Writes the store file coalesced, serialised and atomically (temp file + rename): a rollout of
 * thousands of executions writes the file a handful of times, and a crash never leaves half a
 * file. `snapshot` is called at write time, so the newest state is what lands.
 */
export class StoreFileWriter {
  private saving: Promise<void> = Promise.resolve();
  private dirty = false;
  private writing = false;

  constructor(
    private readonly file: string,
    private readonly snapshot: () => StoreFile,
    private readonly onError: (err: unknown) => void,
  ) {}

  save(): void {
    this.dirty = true;
    if (this.writing) return;
    this.writing = true;
    this.saving = (async () => {
      try {
        while (this.dirty) {
          this.dirty = false;
          await mkdir(dirname(this.file), { recursive: true });
          await writeFile(`${this.file}.tmp`, JSON.stringify(this.snapshot()));
          await rename(`${this.file}.tmp`, this.file);
        }
      } catch (err) {
        // Memory stays right; the next change tries the file again.
        this.onError(err);
      } finally {
        this.writing = false;
      }
    })();
  }

  /** Resolves once every change saved so far is on disk (or failed to be). */
  flush(): Promise<void> {
    return this.saving;
  }
}
