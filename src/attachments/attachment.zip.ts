import type { Response } from 'express';
import { ZipArchive } from 'archiver';
import type { Logger } from 'pino';
import { contentDisposition, uniqueNames, zipSegment } from './attachment.names';
import type { ArchiveItem } from './attachment.repo';
import { storedPath } from './attachment.storage';

/** One file in an archive: its path inside the ZIP and where it is on disk. */
export interface ZipFile {
  name: string;
  file: string;
}

/** Files of one entry at the root of the archive, with safe, unique names. */
export function entryZipFiles(
  items: ReadonlyArray<Pick<ArchiveItem, 'originalName' | 'storedName'>>,
  uploadDir: string,
): ZipFile[] {
  const names = uniqueNames(items.map((a) => zipSegment(a.originalName, 'bijlage')));
  return items.map((a, i) => ({ name: names[i]!, file: storedPath(uploadDir, a.storedName) }));
}

/**
 * Files of many entries, one folder per entry named by its number and title ("2027-003 Samen slimmer"); folder
 * names are unique because entry numbers are.
 */
export function editionZipFiles(
  items: readonly ArchiveItem[],
  uploadDir: string,
  numberOf: (entryNumber: number) => string,
): ZipFile[] {
  const byEntry = new Map<number, ArchiveItem[]>();
  for (const item of items) byEntry.set(item.entryId, [...(byEntry.get(item.entryId) ?? []), item]);
  return [...byEntry.values()].flatMap((group) => {
    const first = group[0]!;
    const number = numberOf(first.entryNumber);
    const folder = zipSegment(`${number} ${first.entryTitle}`, number, 80);
    return entryZipFiles(group, uploadDir).map((f) => ({ ...f, name: `${folder}/${f.name}` }));
  });
}

/**
 * Streams a ZIP to the response as it is built: files are read one at a time as the client takes the bytes, so
 * neither a temporary file nor whole files in memory. Files are stored, not compressed: PDFs, Office files and
 * images are compressed already. A file missing on disk is logged and left out; an error halfway ends the
 * response (the client sees a broken download rather than a truncated ZIP that looks whole).
 */
export async function streamZip(
  res: Response,
  input: { files: readonly ZipFile[]; downloadName: string; logger: Pick<Logger, 'warn' | 'error'> },
): Promise<void> {
  // One stat at a time keeps the files in the order given (in parallel they are added as their stat returns).
  const archive = new ZipArchive({ store: true, statConcurrency: 1 });
  res.status(200);
  res.setHeader('Content-Type', 'application/zip');
  res.setHeader('Content-Disposition', contentDisposition(input.downloadName));
  res.setHeader('Cache-Control', 'private, no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  archive.on('warning', (err) => input.logger.warn({ err }, 'file left out of ZIP'));
  archive.on('error', (err) => {
    input.logger.error({ err }, 'ZIP failed');
    res.destroy(err);
  });
  const closed = new Promise<void>((resolve) =>
    res.on('close', () => {
      // The client went away before the end: stop reading files.
      if (!res.writableFinished) archive.abort();
      resolve();
    }),
  );
  archive.pipe(res);
  for (const f of input.files) archive.file(f.file, { name: f.name });
  // Errors arrive through the 'error' listener above; finalize() never settles after an abort.
  archive.finalize().catch(() => undefined);
  await closed;
}
