import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { allStoredNames } from './attachment.repo';

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
  /** Names removed from UPLOAD_DIR/tmp: uploads interrupted before they were stored. */
  tmp: string[];
  /** Names removed from UPLOAD_DIR that no attachment row refers to (a crash between rename and commit). */
  orphans: string[];
}

/**
 * Removes what interrupted uploads left behind: everything in UPLOAD_DIR/tmp, and every file in UPLOAD_DIR that
 * no attachments row refers to. Hidden files (.gitkeep) and folders are left alone. Runs at start-up, before the
 * server accepts requests: while an upload is in progress its files would look like leftovers.
 */
export async function cleanUploads(deps: {
  db: Knex;
  uploadDir: string;
  logger: Pick<Logger, 'info' | 'error' | 'warn'>;
}): Promise<CleanupReport> {
  const { uploadDir, logger } = deps;
  const tmp = tmpDir(uploadDir);
  await fs.promises.mkdir(tmp, { recursive: true });
  const report: CleanupReport = { tmp: [], orphans: [] };

  for (const entry of await fs.promises.readdir(tmp, { withFileTypes: true })) {
    await fs.promises.rm(path.join(tmp, entry.name), { recursive: true, force: true });
    report.tmp.push(entry.name);
  }

  const referenced = await allStoredNames(deps.db);
  for (const entry of await fs.promises.readdir(uploadDir, { withFileTypes: true })) {
    if (!entry.isFile() || entry.name.startsWith('.') || referenced.has(entry.name)) continue;
    await fs.promises.rm(path.join(uploadDir, entry.name), { force: true });
    report.orphans.push(entry.name);
  }

  const missing = [...referenced].filter((name) => !fs.existsSync(path.join(uploadDir, name)));
  if (report.tmp.length || report.orphans.length) {
    logger.info(
      { tmp: report.tmp, orphans: report.orphans },
      `removed ${report.tmp.length} unfinished upload(s) and ${report.orphans.length} unreferenced attachment file(s)`,
    );
  }
  if (missing.length)
    logger.warn({ missing }, `${missing.length} attachment file(s) missing from UPLOAD_DIR`);
  return report;
}
