import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { z } from 'zod';

/** Reads a state file; `undefined` when there is none yet. A corrupt file fails loudly. */
export async function readJsonState<S extends z.ZodType>(
  file: string,
  schema: S,
): Promise<z.output<S> | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(
      `${file} is not valid JSON (${(err as Error).message}); move it aside to start afresh`,
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`${file} does not hold emulator state: ${parsed.error.message}`);
  }
  return parsed.data;
}

/** Write to a temp file, fsync, rename: a crash leaves the old file or the new, never half. */
async function writeAtomically(file: string, contents: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.tmp`;
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(contents, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, file);
}

export interface CoalescedJsonWriterOptions {
  /** How long changes gather before one write. Default 50 ms. */
  readonly delayMs?: number;
  /** A background write that failed; the state stays dirty and the next write retries. */
  readonly onError?: (err: unknown) => void;
}

/**
 * Persists a snapshot of in-memory state after changes: a burst of changes within `delayMs`
 * (10,000 CreateThing calls, say) costs one write and one fsync, not one per call.
 */
export class CoalescedJsonWriter {
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private writes = 0;

  constructor(
    private readonly file: string,
    private readonly snapshot: () => unknown,
    private readonly options: CoalescedJsonWriterOptions = {},
  ) {}

  /** Files written so far; lets tests see that bursts coalesce. */
  get writeCount(): number {
    return this.writes;
  }

  markDirty(): void {
    this.dirty = true;
    if (this.writing === undefined) this.schedule();
  }

  /** Writes pending changes now; rejects when the write fails. */
  async flush(): Promise<void> {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    await this.write();
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.write().catch((err: unknown) => this.options.onError?.(err));
    }, this.options.delayMs ?? 50);
    this.timer.unref();
  }

  /** One write at a time; changes made meanwhile are picked up by its next round. */
  private write(): Promise<void> {
    if (this.writing !== undefined) return this.writing;
    if (!this.dirty) return Promise.resolve();
    const writing = this.writeWhileDirty().then(
      () => {
        this.writing = undefined;
        // A change that landed after the last round but before this callback.
        if (this.dirty) this.schedule();
      },
      (err: unknown) => {
        // Left dirty: the next change or flush tries again.
        this.writing = undefined;
        throw err;
      },
    );
    this.writing = writing;
    return writing;
  }

  private async writeWhileDirty(): Promise<void> {
    while (this.dirty) {
      this.dirty = false;
      try {
        await writeAtomically(this.file, JSON.stringify(this.snapshot()));
        this.writes++;
      } catch (err) {
        this.dirty = true;
        throw err;
      }
    }
  }
}
