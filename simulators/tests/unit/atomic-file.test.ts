import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomically } from '../../src/atomic-file';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fleet-atomic-file-'));
});
afterEach(() => {
  jest.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

/** The prototype of node's `FileHandle`, which the module does not export. */
async function fileHandlePrototype(): Promise<FileHandle> {
  const handle = await open(join(dir, 'probe'), 'w');
  await handle.close();
  rmSync(join(dir, 'probe'));
  return Object.getPrototypeOf(handle) as FileHandle;
}

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as NodeJS.ErrnoException,
  );

describe('writeFileAtomically', () => {
  it('writes the file with its mode and leaves nothing beside it', async () => {
    const file = join(dir, 'car.private.key');
    await writeFileAtomically(file, 'KEY', 0o600);
    expect(readFileSync(file, 'utf8')).toBe('KEY');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['car.private.key']);
  });

  it('writes through a temp file named for this process', async () => {
    const file = join(dir, 'car.cert.pem');
    const seen: string[][] = [];
    // Looks at the directory mid-write; skipping that one fsync changes nothing here.
    jest.spyOn(await fileHandlePrototype(), 'sync').mockImplementation(() => {
      seen.push(readdirSync(dir));
      return Promise.resolve();
    });
    await writeFileAtomically(file, 'CERT', 0o644);
    expect(seen).toEqual([[`car.cert.pem.${process.pid}.tmp`]]);
  });

  it('removes the temp file when the write fails', async () => {
    const prototype = await fileHandlePrototype();
    jest
      .spyOn(prototype, 'sync')
      .mockRejectedValue(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' }));
    const error = await rejection(writeFileAtomically(join(dir, 'car.cert.pem'), 'CERT', 0o644));
    expect(error?.code).toBe('EIO');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('removes the temp file when the rename fails', async () => {
    // A directory where the file should go: rename cannot replace it.
    mkdirSync(join(dir, 'car.cert.pem', 'inside'), { recursive: true });
    const error = await rejection(writeFileAtomically(join(dir, 'car.cert.pem'), 'CERT', 0o644));
    expect(['EISDIR', 'ENOTEMPTY', 'EEXIST', 'EPERM']).toContain(error?.code);
    expect(readdirSync(dir)).toEqual(['car.cert.pem']);
  });
});
