import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * The thing names the broker admits, persisted across restarts. Until the local IoT registry
 * emulator exists, it learns them from the registry events (`$aws/events/thing/{name}/created`
 * and `/deleted`) that provisioning publishes with the privileged identity.
 */
export class LocalThingRegistry {
  private readonly things: Set<string>;
  private saving: Promise<void> = Promise.resolve();
  private dirty = false;
  private writing = false;

  constructor(
    private readonly file: string,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {
    this.things = new Set(
      existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as string[]) : [],
    );
  }

  has(thingName: string): boolean {
    return this.things.has(thingName);
  }

  get size(): number {
    return this.things.size;
  }

  /** Applies one registry event topic; returns whether the registry changed. */
  applyEvent(topic: string): boolean {
    const match = /^\$aws\/events\/thing\/([^/]+)\/(created|updated|deleted)$/.exec(topic);
    if (!match) return false;
    const [, thingName, operation] = match as unknown as [string, string, string];
    const changed =
      operation === 'deleted'
        ? this.things.delete(thingName)
        : !this.things.has(thingName) && Boolean(this.things.add(thingName));
    if (changed) this.save();
    return changed;
  }

  /**
   * Coalesced, serialised and atomic (temp file + rename): registering 10,000 things writes the
   * file a handful of times, not 10,000, and a crash never leaves half a file.
   */
  private save(): void {
    this.dirty = true;
    if (this.writing) return;
    this.writing = true;
    this.saving = (async () => {
      try {
        while (this.dirty) {
          this.dirty = false;
          await mkdir(dirname(this.file), { recursive: true });
          await writeFile(`${this.file}.tmp`, JSON.stringify([...this.things]));
          await rename(`${this.file}.tmp`, this.file);
        }
      } catch (err) {
        // The registry in memory stays right; the next change tries the file again.
        this.onError(err);
      } finally {
        this.writing = false;
      }
    })();
  }

  flush(): Promise<void> {
    return this.saving;
  }
}
