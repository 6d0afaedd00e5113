import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

const CHUNK_CHARS = 64 * 1024;

// Unique per write: two writers of one file in the same millisecond (two purges re-verifying the
// same backup in one process) would otherwise share a temporary file and one rename would fail.
const partialPath = (finalPath: string) => `${finalPath}.partial-${process.pid}-${Date.now()}-${randomBytes(4).toString('hex')}`;

export interface WrittenFile {
  bytes: number;
  sha256: string;
  /** Records written per collection name. */
  counts: Record<string, number>;
}

/** One line of a backup file: which collection the document came from, and the document. */
export interface BackupLine {
  c: string;
  d: unknown;
}

/**
 * Streams `{c, d}` lines as gzipped NDJSON into `finalPath`, through a temporary name and a
 * rename, so a crash never leaves a file that looks complete. Memory stays flat: one document and
 * the gzip window at a time. The sha256 is of the compressed bytes, as stored.
 */
export async function writeNdjsonGzip(finalPath: string, lines: AsyncIterable<BackupLine>): Promise<WrittenFile> {
  await mkdir(path.dirname(finalPath), { recursive: true });
  const tempPath = partialPath(finalPath);
  const counts: Record<string, number> = {};
  const hash = createHash('sha256');
  let bytes = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  // Lines are handed to gzip in ~64 KB strings: one stream chunk per document costs more than
  // the JSON and the compression together.
  async function* serialize() {
    let pending = '';
    for await (const line of lines) {
      counts[line.c] = (counts[line.c] ?? 0) + 1;
      pending += `${JSON.stringify(line)}\n`;
      if (pending.length >= CHUNK_CHARS) {
        yield pending;
        pending = '';
      }
    }
    if (pending) yield pending;
  }
  try {
    await pipeline(Readable.from(serialize()), createGzip(), measure, createWriteStream(tempPath));
    await rename(tempPath, finalPath);
  } catch (error) {
    await rm(tempPath, { force: true });
    throw error;
  }
  return { bytes, sha256: hash.digest('hex'), counts };
}

/** Writes JSON atomically (temp name + rename): manifests are read by other processes. */
export async function writeJsonAtomic(finalPath: string, value: unknown): Promise<void> {
  const tempPath = partialPath(finalPath);
  await writeFile(tempPath, `${JSON.stringify(value, null, 2)}\n`);
  await rename(tempPath, finalPath);
}
