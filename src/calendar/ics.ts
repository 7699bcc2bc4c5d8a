/**
 * Calendar files (RFC 5545) for the moments of an edition: the submission deadline and the conference. Pure: one
 * VEVENT per file, times in UTC, lines folded at 75 octets and ended with CRLF, text escaped.
 */
import type { Edition } from '../editions/edition.types';

/** The files anyone may download from the call page. */
export const CALENDAR_KINDS = ['deadline', 'conferentie'] as const;
export type CalendarKind = (typeof CALENDAR_KINDS)[number];
/** Every moment a file can hold: also the scoring deadline ('jurering'), sent to jurors only, never a public file. */
export type EventKind = CalendarKind | 'jurering';

const stamp = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

export function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Folds a content line at 75 octets (never inside a UTF-8 character), continuation lines starting with a space. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch);
    if (octets + size > (parts.length ? 74 : 75)) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

export interface CalendarEvent {
  uid: string;
  start: Date;
  /** Without an end the event is a moment (RFC 5545: it ends when it starts), as a deadline is. */
  end?: Date;
  summary: string;
  description?: string;
  location?: string;
  url?: string;
}

export function calendarFile(event: CalendarEvent, now: Date): string {
  return calendarFileOf([event], now);
}

/** One calendar with a VEVENT per event (a mail carries the moments that matter to its reader in one file). */
export function calendarFileOf(events: readonly CalendarEvent[], now: Date): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Innovatieprijs//NL',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    ...events.flatMap((event) => [
      'BEGIN:VEVENT',
      `UID:${event.uid}`,
      `DTSTAMP:${stamp(now)}`,
      `DTSTART:${stamp(event.start)}`,
      ...(event.end ? [`DTEND:${stamp(event.end)}`] : []),
      `SUMMARY:${escapeText(event.summary)}`,
      ...(event.description ? [`DESCRIPTION:${escapeText(event.description)}`] : []),
      ...(event.location ? [`LOCATION:${escapeText(event.location)}`] : []),
      ...(event.url ? [`URL:${event.url}`] : []),
      'END:VEVENT',
    ]),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

/** The event of an edition's deadline, scoring deadline or conference, or null when the edition has no such date. */
export function editionEvent(
  edition: Pick<
    Edition,
    'id' | 'year' | 'name' | 'closesAt' | 'scoringDeadline' | 'conferenceAt' | 'conferencePlace'
  >,
  kind: EventKind,
  texts: { summary: string; description: string },
  baseUrl: string,
): CalendarEvent | null {
  const host = new URL(baseUrl).hostname || 'innovatieprijs';
  const url = `${baseUrl}/edities/${edition.year}`;
  if (kind === 'deadline')
    return edition.closesAt
      ? { uid: `deadline-${edition.id}@${host}`, start: edition.closesAt, url, ...texts }
      : null;
  if (kind === 'jurering')
    return edition.scoringDeadline
      ? {
          uid: `jurering-${edition.id}@${host}`,
          start: edition.scoringDeadline,
          url: `${baseUrl}/jury`,
          ...texts,
        }
      : null;
  return edition.conferenceAt
    ? {
        uid: `conferentie-${edition.id}@${host}`,
        start: edition.conferenceAt,
        // The programme is not stored: a working day from the start.
        end: new Date(edition.conferenceAt.getTime() + 8 * 60 * 60 * 1000),
        location: edition.conferencePlace || undefined,
        url,
        ...texts,
      }
    : null;
}

export function calendarFileName(edition: Pick<Edition, 'year'>, kind: string): string {
  return `innovatieprijs-${edition.year}-${kind}.ics`;
}
