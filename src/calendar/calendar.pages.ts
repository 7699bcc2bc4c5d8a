import type { TFunction } from 'i18next';
import type { Edition } from '../editions/edition.types';
import type { MailAttachment } from '../mail/outbox.repo';
import {
  calendarFile,
  calendarFileName,
  calendarFileOf,
  editionEvent,
  type CalendarEvent,
  type CalendarKind,
  type EventKind,
} from './ics';

const eventOf = (edition: Edition, kind: EventKind, t: TFunction, baseUrl: string): CalendarEvent | null =>
  editionEvent(
    edition,
    kind,
    {
      summary: t(`calendar.${kind}.summary`, { edition: edition.name }),
      description: t(`calendar.${kind}.description`, { edition: edition.name }),
    },
    baseUrl,
  );

/** The .ics file of an edition's deadline or conference in the reader's language, or null when it has no date. */
export function editionCalendar(input: {
  edition: Edition;
  kind: CalendarKind;
  t: TFunction;
  baseUrl: string;
  now: Date;
}): { filename: string; body: string } | null {
  const { edition, kind } = input;
  const event = eventOf(edition, kind, input.t, input.baseUrl);
  return event ? { filename: calendarFileName(edition, kind), body: calendarFile(event, input.now) } : null;
}

/**
 * The moments of an edition that matter to a mail's reader, as one calendar file to attach (in the reader's
 * language): the events the edition has dates for, or no attachment at all when it has none. Kept in the outbox row
 * with the mail, so a retry sends it too.
 */
export function calendarAttachments(input: {
  edition: Edition;
  kinds: readonly EventKind[];
  /** The file's name: innovatieprijs-<year>-<name>.ics. */
  name: string;
  t: TFunction;
  baseUrl: string;
  now: Date;
}): MailAttachment[] {
  const events = input.kinds
    .map((kind) => eventOf(input.edition, kind, input.t, input.baseUrl))
    .filter((event): event is CalendarEvent => event !== null);
  if (events.length === 0) return [];
  return [
    {
      filename: calendarFileName(input.edition, input.name),
      contentType: 'text/calendar; charset=utf-8',
      content: calendarFileOf(events, input.now),
    },
  ];
}
