import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { BackupSummary, BackupVerification } from '../../src/ports/backups.js';
import { writeJsonAtomic } from './ndjsonGzip.js';

/**
 * The catalog of backups is the manifests in BACKUP_DIR: `<id>.json` beside `<id>.ndjson.gz`.
 * Manifests are read back through zod, because they come from disk (maybe hand-edited, maybe
 * written by another version).
 */
const date = z.coerce.date();
/**
 * A verification's problem: a code with its fields (words at the chat layer), or the English
 * sentence older versions stored (shown as it is). An unknown code is kept: its reader names it.
 */
const problemSchema = z.union([z.string(), z.object({ code: z.string().min(1) }).passthrough()]);
const manifestSchema = z.object({
  id: z.string().min(1),
  kind: z.enum(['scheduled', 'manual', 'pre-delete']),
  planId: z.string().optional(),
  startedAt: date,
  finishedAt: date,
  durationMs: z.number().nonnegative(),
  counts: z.record(z.string(), z.number().int().nonnegative()),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  schemaVersion: z.number().int().positive(),
  verification: z.object({ ok: z.boolean(), at: date, problem: problemSchema.optional() }).optional(),
});

const MANIFEST_SUFFIX = '.json';
const DATA_SUFFIX = '.ndjson.gz';
const SAFE_ID = /^[A-Za-z0-9_-]{1,128}$/;

export class BackupCatalog {
  constructor(readonly dir: string) {}

  dataPath(id: string): string {
    return path.join(this.dir, `${id}${DATA_SUFFIX}`);
  }

  manifestPath(id: string): string {
    return path.join(this.dir, `${id}${MANIFEST_SUFFIX}`);
  }

  /** Newest first. Unreadable manifests are skipped (and reported by `problems`), never fatal. */
  async list(): Promise<BackupSummary[]> {
    const names = await readdir(this.dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [] as string[];
      throw error;
    });
    const manifests: BackupSummary[] = [];
    for (const name of names) {
      if (!name.endsWith(MANIFEST_SUFFIX) || name.includes('.partial-')) continue;
      const found = await this.find(name.slice(0, -MANIFEST_SUFFIX.length));
      if (found) manifests.push(found);
    }
    return manifests.sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime() || b.id.localeCompare(a.id));
  }

  async find(id: string): Promise<BackupSummary | null> {
    // The id comes from chat: it must never walk out of BACKUP_DIR.
    if (!SAFE_ID.test(id)) return null;
    let text: string;
    try {
      text = await readFile(this.manifestPath(id), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    try {
      const parsed = manifestSchema.safeParse(JSON.parse(text));
      // An unknown code passes as it is: the reader names it rather than losing the verification.
      return parsed.success && parsed.data.id === id ? (parsed.data as BackupSummary) : null;
    } catch {
      return null;
    }
  }

  async write(manifest: BackupSummary): Promise<void> {
    await writeJsonAtomic(this.manifestPath(manifest.id), manifest);
  }

  /** Records a verification in the manifest (which backups are verified is what the purge trusts). */
  async recordVerification(id: string, verification: BackupVerification): Promise<BackupSummary | null> {
    const manifest = await this.find(id);
    if (!manifest) return null;
    const updated = { ...manifest, verification };
    await this.write(updated);
    return updated;
  }

  /** Removes the data file first: a manifest without data reads as "missing", never as valid. */
  async remove(id: string): Promise<void> {
    if (!SAFE_ID.test(id)) return;
    await rm(this.dataPath(id), { force: true });
    await rm(this.manifestPath(id), { force: true });
  }

  /** Temporary files a crashed writer left behind, older than `olderThanMs`; removed. */
  async removeStalePartials(now: Date, olderThanMs: number): Promise<string[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const removed: string[] = [];
    for (const name of names) {
      if (!name.includes('.partial-')) continue;
      const file = path.join(this.dir, name);
      const info = await stat(file).catch(() => null);
      if (info && now.getTime() - info.mtimeMs > olderThanMs) {
        await rm(file, { force: true });
        removed.push(name);
      }
    }
    return removed;
  }
}
