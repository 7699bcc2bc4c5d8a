import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { withoutMetadata } from './attachment.metadata';
import { allStoredNames } from './attachment.repo';
import type { AttachmentType } from './attachment.types';

/**
 * Where attachment files live on disk. Everything is under UPLOAD_DIR, named by a random UUID (the database row
 * keeps the user's name for display). Uploads arrive in UPLOAD_DIR/tmp and are renamed into UPLOAD_DIR when
 * their row is written; both folders are on the same disk, so the rename is atomic.
 */

export const TMP_FOLDER = 'tmp';
const STORED_NAME = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const newStoredName = (): string => crypto.randomUUID();

export function isStoredName(name: string): boolean {
  return STORED_NAME.test(name);
}

export function tmpDir(uploadDir: string): string {
  return path.join(uploadDir, TMP_FOLDER);
}

/** The file of a stored attachment. Refuses anything but our own random names, so no row can point elsewhere. */
export function storedPath(uploadDir: string, storedName: string): string {
  if (!isStoredName(storedName))
    throw new Error(`Not a stored attachment name: ${JSON.stringify(storedName)}`);
  return path.join(uploadDir, storedName);
}

/** SHA-256 (hex) and size of a file, read as a stream (never whole into memory). */
export async function hashFile(file: string): Promise<{ sha256: string; size: number }> {
  const hash = crypto.createHash('sha256');
  let size = 0;
  for await (const chunk of fs.createReadStream(file) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest('hex'), size };
}

/**
 * Writes a copy of `source` without document metadata into UPLOAD_DIR/tmp under a new random name, for jurors of a
 * blind edition; answers its path, or null when the file cannot be read well enough to strip it. The whole file is
 * read into memory (PDF and ZIP packages cannot be rewritten as a stream); files are at most the edition's limit.
 */
export async function writeCleanCopy(
  uploadDir: string,
  source: string,
  type: AttachmentType,
): Promise<string | null> {
  const clean = await withoutMetadata(type, await fs.promises.readFile(source));
  if (!clean) return null;
  const target = path.join(tmpDir(uploadDir), newStoredName());
  await fs.promises.writeFile(target, clean, { flag: 'wx' });
  return target;
}

/** Removes files, ignoring ones already gone; other failures are logged (the start-up cleanup catches them). */
export async function removeFiles(files: readonly string[], logger?: Pick<Logger, 'error'>): Promise<void> {
  await Promise.all(
    files.map((file) =>
      fs.promises.rm(file, { force: true }).catch((err: unknown) => {
        logger?.error({ err, file }, 'could not remove an attachment file');
      }),
    ),
  );
}

export interface CleanupReport {
  /** Names moved out of UPLOAD_DIR/tmp into quarantine: uploads interrupted before they were stored. */
  tmp: string[];
  /** Names moved out of UPLOAD_DIR into quarantine that no attachment row refers to (a crash between rename and commit). */
  orphans: string[];
  /** Leftovers too young to touch: a live upload in another process may still own them. */
  young: string[];
  /** Leftovers that could not be moved (a read-only folder, a permission): warned about, the app starts anyway. */
  unmovable: string[];
}

/** Leftovers older than this cannot belong to an upload in progress (the largest upload takes minutes). */
export const LEFTOVER_MIN_AGE_MS = 60 * 60 * 1000;
/** Quarantined leftovers are deleted after a week: time enough for an operator to look. */
export const QUARANTINE_DAYS = 7;
export const QUARANTINE_FOLDER = '.quarantine';

/**
 * Tidies what interrupted uploads left behind: files in UPLOAD_DIR/tmp, and files in UPLOAD_DIR that no attachments
 * row refers to. Only leftovers older than an hour are touched — another app process may be receiving an upload
 * right now, and its files look like leftovers until its row is committed — and they are moved into
 * UPLOAD_DIR/.quarantine/<date>/, not deleted; quarantine folders older than a week go. Hidden files (.gitkeep) and
 * folders other than tmp/ are left alone. A leftover that cannot be moved is logged; the app starts anyway.
 */
export async function cleanUploads(deps: {
  db: Knex;
  uploadDir: string;
  logger: Pick<Logger, 'info' | 'error' | 'warn'>;
  now?: Date;
}): Promise<CleanupReport> {
  const { uploadDir, logger } = deps;
  const now = deps.now ?? new Date();
  const tmp = tmpDir(uploadDir);
  await fs.promises.mkdir(tmp, { recursive: true }).catch(() => undefined);
  const report: CleanupReport = { tmp: [], orphans: [], young: [], unmovable: [] };
  const day = now.toISOString().slice(0, 10);
  const quarantine = path.join(uploadDir, QUARANTINE_FOLDER, day);

  const tidy = async (folder: string, name: string, kind: 'tmp' | 'orphans') => {
    const file = path.join(folder, name);
    try {
      const stat = await fs.promises.stat(file);
      if (now.getTime() - stat.mtimeMs < LEFTOVER_MIN_AGE_MS) return void report.young.push(name);
      await fs.promises.mkdir(quarantine, { recursive: true });
      await fs.promises.rename(file, path.join(quarantine, kind === 'tmp' ? `tmp-${name}` : name));
      report[kind].push(name);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // gone meanwhile: stored or removed by its owner
      report.unmovable.push(name);
      logger.warn({ err, file }, 'could not move a leftover upload into quarantine');
    }
  };

  const list = async (folder: string) =>
    fs.promises.readdir(folder, { withFileTypes: true }).catch((err: unknown) => {
      logger.warn({ err, folder }, 'could not read the upload folder');
      return [];
    });
  for (const entry of await list(tmp)) await tidy(tmp, entry.name, 'tmp');
  const referenced = await allStoredNames(deps.db);
  for (const entry of await list(uploadDir)) {
    if (!entry.isFile() || entry.name.startsWith('.') || referenced.has(entry.name)) continue;
    await tidy(uploadDir, entry.name, 'orphans');
  }
  await purgeQuarantine(uploadDir, now, logger);

  const missing = [...referenced].filter((name) => !fs.existsSync(path.join(uploadDir, name)));
  if (report.tmp.length || report.orphans.length) {
    logger.info(
      { tmp: report.tmp, orphans: report.orphans, quarantine },
      `moved ${report.tmp.length} unfinished upload(s) and ${report.orphans.length} unreferenced attachment file(s) into quarantine`,
    );
  }
  if (missing.length)
    logger.warn({ missing }, `${missing.length} attachment file(s) missing from UPLOAD_DIR`);
  return report;
}

/** Deletes quarantine folders (named by day) older than QUARANTINE_DAYS. */
async function purgeQuarantine(uploadDir: string, now: Date, logger: Pick<Logger, 'warn'>): Promise<void> {
  const root = path.join(uploadDir, QUARANTINE_FOLDER);
  const days = await fs.promises.readdir(root).catch(() => [] as string[]);
  const limit = now.getTime() - QUARANTINE_DAYS * 24 * 60 * 60 * 1000;
  for (const day of days) {
    const at = Date.parse(`${day}T00:00:00Z`);
    if (Number.isNaN(at) || at >= limit) continue;
    await fs.promises.rm(path.join(root, day), { recursive: true, force: true }).catch((err: unknown) => {
      logger.warn({ err, day }, 'could not delete an old quarantine folder');
    });
  }
}
