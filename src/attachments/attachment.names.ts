import { FILE_KINDS } from './attachment.types';

/**
 * File names of attachments, free of HTTP and disk. The name a user's computer sent is kept only to show it and
 * to name the download; it never becomes part of a path on the server (files are stored under random names).
 */

/** The longest original name we keep, in characters (the column holds 255). */
export const MAX_NAME_LENGTH = 255;

// C0 and C1 control characters and DEL, plus the bidirectional controls: "rapport" + U+202E + "fdp.exe" shows as
// "rapportexe.pdf", a classic way to disguise a file's real extension.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The part after the last dot, lower case, or '' when there is none ("rapport", ".bashrc" and "a." have none). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || dot === name.length - 1) return '';
  return name.slice(dot + 1).toLowerCase();
}

/** Cuts a string to at most `max` characters without splitting a character made of two UTF-16 units. */
function cutChars(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, max).join('');
}

/**
 * The original name as we keep it: Unicode NFC (macOS sends decomposed "ü"), without control characters, only the
 * part after the last "/" or "\" (old browsers sent "C:\Users\…\plan.pdf"; a crafted request may send
 * "../../etc/passwd.pdf"), trimmed, and at most 255 characters with the extension kept. Returns '' when nothing
 * is left.
 */
export function normaliseOriginalName(raw: string): string {
  const cleaned = raw.normalize('NFC').replace(CONTROL, '');
  const base = cleaned.slice(Math.max(cleaned.lastIndexOf('/'), cleaned.lastIndexOf('\\')) + 1).trim();
  if (Array.from(base).length <= MAX_NAME_LENGTH) return base;
  const ext = extensionOf(base);
  const extPart = ext ? base.slice(base.length - ext.length - 1) : '';
  if (Array.from(extPart).length >= MAX_NAME_LENGTH) return cutChars(base, MAX_NAME_LENGTH);
  const stem = base.slice(0, base.length - extPart.length);
  return cutChars(stem, MAX_NAME_LENGTH - Array.from(extPart).length).trimEnd() + extPart;
}

// RFC 5987 attr-char: everything else in a filename* value is percent-encoded (encodeURIComponent leaves ' ( ) *).
const encodeRfc5987 = (value: string) =>
  encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** A plain-ASCII stand-in for clients that ignore filename*: accents dropped, anything else unsafe becomes "_". */
export function asciiFallbackName(name: string): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\%;]/g, '_')
    .trim();
  return ascii || 'download';
}

/**
 * `Content-Disposition` with an ASCII fallback and the real name as RFC 5987 `filename*`: `attachment` saves the
 * file, `inline` shows it in the browser (which still offers the name when the reader saves it from there).
 */
export function contentDisposition(
  name: string,
  disposition: 'attachment' | 'inline' = 'attachment',
): string {
  return `${disposition}; filename="${asciiFallbackName(name)}"; filename*=UTF-8''${encodeRfc5987(name)}`;
}

/**
 * A name that says nothing about who made the file, for jurors in blind judging: the translated stem ("bijlage-2")
 * with the usual extension of the type the bytes showed at upload ("bijlage-2.pdf", a JPEG as ".jpg").
 */
export function neutralName(stem: string, fileType: string): string {
  const ext = (FILE_KINDS as Partial<Record<string, { extensions: readonly string[] }>>)[fileType]
    ?.extensions[0];
  return ext ? `${stem}.${ext}` : stem;
}

/**
 * One path segment for a ZIP file: no separators, no characters Windows refuses (< > : " | ? *), no control
 * characters, no leading or trailing dots and spaces (Windows strips them; ".." would climb out), not empty.
 */
export function zipSegment(text: string, fallback: string, maxChars = 120): string {
  const cleaned = text
    .normalize('NFC')
    .replace(CONTROL, '')
    .replace(/[/\\<>:"|?*]/g, '_')
    .replace(/\s+/g, ' ');
  const trimEdges = (s: string) => s.replace(/^[\s.]+|[\s.]+$/g, '');
  const ext = extensionOf(cleaned);
  let result = trimEdges(cleaned);
  if (Array.from(result).length > maxChars) {
    const extPart = ext && ext.length < 10 ? `.${ext}` : '';
    result =
      trimEdges(cutChars(result.slice(0, result.length - extPart.length), maxChars - extPart.length)) +
      extPart;
  }
  return result || fallback;
}

/**
 * Gives each name in one ZIP folder a unique name, ignoring case (Windows and macOS would overwrite):
 * "plan.pdf", "plan (2).pdf", "plan (3).pdf".
 */
export function uniqueNames(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    const ext = extensionOf(name);
    const stem = ext ? name.slice(0, name.length - ext.length - 1) : name;
    const suffix = ext ? name.slice(name.length - ext.length - 1) : '';
    let candidate = name;
    for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${stem} (${n})${suffix}`;
    taken.add(candidate.toLowerCase());
    return candidate;
  });
}
