import type { Response } from 'express';
import { ZipArchive } from 'archiver';
import type { Logger } from 'pino';
import { contentDisposition, uniqueNames, zipSegment } from './attachment.names';
import type { ArchiveItem } from './attachment.repo';
import { storedPath } from './attachment.storage';

/** One file in an archive: its path inside the ZIP and where it is on disk, or (a cover sheet) its text. */
export type ZipFile = { name: string; file: string } | { name: string; content: string };

/** A text file made for the archive: an entry's cover sheet with its answers (entries/cover-sheet.ts). */
export interface CoverSheet {
  entryId: number;
  entryNumber: number;
  entryTitle: string;
  name: string;
  content: string;
}

/** Files of one entry at the root of the archive, its cover sheet first, with safe, unique names. */
export function entryZipFiles(
  items: ReadonlyArray<Pick<ArchiveItem, 'originalName' | 'storedName'>>,
  uploadDir: string,
  cover?: Pick<CoverSheet, 'name' | 'content'>,
): ZipFile[] {
  const names = uniqueNames([
    ...(cover ? [cover.name] : []),
    ...items.map((a) => zipSegment(a.originalName, 'bijlage')),
  ]);
  const offset = cover ? 1 : 0;
  return [
    ...(cover ? [{ name: names[0]!, content: cover.content }] : []),
    ...items.map((a, i) => ({ name: names[i + offset]!, file: storedPath(uploadDir, a.storedName) })),
  ];
}

/**
 * Files of many entries, one folder per entry named by its number and title ("2027-003 Samen slimmer"); folder
 * names are unique because entry numbers are.
 */
export function editionZipFiles(
  items: readonly ArchiveItem[],
  uploadDir: string,
  numberOf: (entryNumber: number) => string,
  covers: readonly CoverSheet[] = [],
): ZipFile[] {
  const byEntry = new Map<number, { entryNumber: number; entryTitle: string; items: ArchiveItem[] }>();
  const group = (e: Pick<ArchiveItem, 'entryId' | 'entryNumber' | 'entryTitle'>) => {
    const found = byEntry.get(e.entryId) ?? {
      entryNumber: e.entryNumber,
      entryTitle: e.entryTitle,
      items: [],
    };
    byEntry.set(e.entryId, found);
    return found;
  };
  for (const cover of covers) group(cover);
  for (const item of items) group(item).items.push(item);
  const coverOf = new Map(covers.map((c) => [c.entryId, c]));
  return [...byEntry.entries()]
    .sort((a, b) => a[1].entryNumber - b[1].entryNumber)
    .flatMap(([entryId, g]) => {
      const number = numberOf(g.entryNumber);
      const folder = zipSegment(`${number} ${g.entryTitle}`, number, 80);
      return entryZipFiles(g.items, uploadDir, coverOf.get(entryId)).map((f) => ({
        ...f,
        name: `${folder}/${f.name}`,
      }));
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
  for (const f of input.files)
    if ('content' in f) archive.append(f.content, { name: f.name });
    else archive.file(f.file, { name: f.name });
  // Errors arrive through the 'error' listener above; finalize() never settles after an abort.
  archive.finalize().catch(() => undefined);
  await closed;
}
