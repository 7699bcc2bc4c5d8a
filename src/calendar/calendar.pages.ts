import type { TFunction } from 'i18next';
import type { Edition } from '../editions/edition.types';
import { calendarFile, calendarFileName, editionEvent, type CalendarKind } from './ics';

/** The .ics file of an edition's deadline or conference in the reader's language, or null when it has no date. */
export function editionCalendar(input: {
  edition: Edition;
  kind: CalendarKind;
  t: TFunction;
  baseUrl: string;
  now: Date;
}): { filename: string; body: string } | null {
  const { edition, kind, t } = input;
  const event = editionEvent(
    edition,
    kind,
    {
      summary: t(`calendar.${kind}.summary`, { edition: edition.name }),
      description: t(`calendar.${kind}.description`, { edition: edition.name }),
    },
    input.baseUrl,
  );
  return event ? { filename: calendarFileName(edition, kind), body: calendarFile(event, input.now) } : null;
}
