/** The attachments of an entry as a receipt lists them: name, exact size and SHA-256, so an entrant can check. */
import type { TFunction } from 'i18next';
import type { Lng } from '../i18n/i18n';
import { localeOf } from '../i18n/pick';

export interface ReceiptFile {
  originalName: string;
  sizeBytes: number;
  sha256: string;
}

export function attachmentLines(files: readonly ReceiptFile[], t: TFunction, lng: Lng): string {
  if (files.length === 0) return t('entries.mail.noAttachments');
  const bytes = new Intl.NumberFormat(localeOf(lng));
  return files
    .map((f) =>
      t('entries.mail.attachmentLine', {
        name: f.originalName,
        bytes: bytes.format(f.sizeBytes),
        sha256: f.sha256,
      }),
    )
    .join('\n');
}
