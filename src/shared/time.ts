/**
 * All wall-clock handling for the prize. Deadlines are set and shown in Dutch local time, whatever time zone
 * the server runs in, so every conversion goes through Europe/Amsterdam explicitly.
 */

export type Lng = 'nl' | 'en';

export const TIME_ZONE = 'Europe/Amsterdam';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

const LOCALES: Record<Lng, string> = { nl: 'nl-NL', en: 'en-GB' };

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

// en-US with h23 gives plain ASCII digits and never the "24:00" some engines print for midnight.
const wallClockFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
  hourCycle: 'h23',
});

function wallClockAt(date: Date): WallClock {
  const parts: Record<string, number> = {};
  for (const part of wallClockFormat.formatToParts(date)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? NaN,
    month: parts.month ?? NaN,
    day: parts.day ?? NaN,
    hour: parts.hour ?? NaN,
    minute: parts.minute ?? NaN,
    second: parts.second ?? NaN,
  };
}

/** The wall-clock reading as if it were UTC; the difference with a real instant is the zone offset. */
function wallClockAsUtcMs(wall: WallClock): number {
  const date = new Date(Date.UTC(2000, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second));
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear does not.
  date.setUTCFullYear(wall.year, wall.month - 1, wall.day);
  return date.getTime();
}

function offsetMsAt(instantMs: number): number {
  const wholeSecond = Math.floor(instantMs / 1000) * 1000;
  return wallClockAsUtcMs(wallClockAt(new Date(wholeSecond))) - wholeSecond;
}

function daysInMonth(year: number, month: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, 0);
  return date.getUTCDate();
}

function isValidWallClock(wall: WallClock): boolean {
  return (
    wall.month >= 1 &&
    wall.month <= 12 &&
    wall.day >= 1 &&
    wall.day <= daysInMonth(wall.year, wall.month) &&
    wall.hour <= 23 &&
    wall.minute <= 59 &&
    wall.second <= 59
  );
}

/**
 * The instant at which Amsterdam clocks show `wall`.
 *
 * Offsets a day either side cover any single transition. A reading that matches under both offsets is the
 * ambiguous autumn hour: we take the earlier (summer time) instant, so a deadline never lands later than the
 * organiser could have meant. A reading that matches under neither falls in the spring-forward gap: applying
 * the offset from before the change yields the instant one hour later on the clock (02:30 becomes 03:30),
 * which is what common calendar software does.
 */
function instantOfWallClock(wall: WallClock): Date {
  const asUtc = wallClockAsUtcMs(wall);
  const offsetBefore = offsetMsAt(asUtc - DAY_MS);
  const offsetAfter = offsetMsAt(asUtc + DAY_MS);
  const matching = [offsetBefore, offsetAfter]
    .map((offset) => asUtc - offset)
    .filter((instant) => offsetMsAt(instant) === asUtc - instant);
  if (matching.length === 0) return new Date(asUtc - offsetBefore);
  return new Date(Math.min(...matching));
}

const DATE_TIME_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const DATE_INPUT = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Reads an `<input type="datetime-local">` value ('YYYY-MM-DDTHH:mm' or with ':ss') as Amsterdam wall-clock
 * time. Returns null for anything malformed or impossible (2026-02-30, 24:00), so the form can say so.
 * See instantOfWallClock for the daylight-saving gap and overlap.
 */
export function parseLocalDateTime(value: string): Date | null {
  const match = DATE_TIME_INPUT.exec(value);
  if (!match) return null;
  const [, year, month, day, hour, minute, second] = match;
  const wall: WallClock = {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour),
    minute: Number(minute),
    second: second === undefined ? 0 : Number(second),
  };
  return isValidWallClock(wall) ? instantOfWallClock(wall) : null;
}

/** Reads an `<input type="date">` value as the start of that day (00:00) in Amsterdam. */
export function parseLocalDate(value: string): Date | null {
  const match = DATE_INPUT.exec(value);
  if (!match) return null;
  const [, year, month, day] = match;
  const wall: WallClock = {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: 0,
    minute: 0,
    second: 0,
  };
  return isValidWallClock(wall) ? instantOfWallClock(wall) : null;
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** Refills a datetime-local input; seconds are dropped because the input shows minutes. */
export function toLocalDateTimeInput(date: Date): string {
  const wall = wallClockAt(date);
  return `${toDateInputOf(wall)}T${pad(wall.hour)}:${pad(wall.minute)}`;
}

export function toLocalDateInput(date: Date): string {
  return toDateInputOf(wallClockAt(date));
}

function toDateInputOf(wall: WallClock): string {
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}`;
}

const dateFormats: Record<Lng, Intl.DateTimeFormat> = {
  nl: longDateFormat('nl'),
  en: longDateFormat('en'),
};

function longDateFormat(lng: Lng): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(LOCALES[lng], {
    timeZone: TIME_ZONE,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
}

interface DateWords {
  weekday: string;
  day: string;
  month: string;
  year: string;
}

// Assembled from parts because en-GB puts a comma after the weekday and we want one pattern for both languages.
function dateWords(date: Date, lng: Lng): DateWords {
  const words: DateWords = { weekday: '', day: '', month: '', year: '' };
  for (const part of dateFormats[lng].formatToParts(date)) {
    if (part.type === 'weekday' || part.type === 'day' || part.type === 'month' || part.type === 'year') {
      words[part.type] = part.value;
    }
  }
  return words;
}

/** '25 oktober 2026' / '25 October 2026'. */
export function formatDate(date: Date, lng: Lng): string {
  const { day, month, year } = dateWords(date, lng);
  return `${day} ${month} ${year}`;
}

/** 24-hour 'HH:mm' in both languages: Dutch and British readers both expect it for deadlines. */
export function formatTime(date: Date): string {
  const wall = wallClockAt(date);
  return `${pad(wall.hour)}:${pad(wall.minute)}`;
}

/** 'zondag 25 oktober 2026 om 23:59' / 'Sunday 25 October 2026 at 23:59'. */
export function formatDateTime(date: Date, lng: Lng): string {
  const { weekday, day, month, year } = dateWords(date, lng);
  const at = lng === 'nl' ? 'om' : 'at';
  return `${weekday} ${day} ${month} ${year} ${at} ${formatTime(date)}`;
}

type Unit = 'day' | 'hour' | 'minute';

const UNIT_WORDS: Record<Lng, Record<Unit, [one: string, many: string]>> = {
  // Dutch keeps "uur" after a number: "5 uur", not "5 uren".
  nl: { day: ['dag', 'dagen'], hour: ['uur', 'uur'], minute: ['minuut', 'minuten'] },
  en: { day: ['day', 'days'], hour: ['hour', 'hours'], minute: ['minute', 'minutes'] },
};

interface Amount {
  count: number;
  unit: Unit;
}

function amountOf({ count, unit }: Amount, lng: Lng): string {
  const [one, many] = UNIT_WORDS[lng][unit];
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * Time left until a deadline, in the two largest units. Rounded down, so the page never promises more time
 * than is left. Zero, negative or non-finite input gives '' and the caller shows that submissions are closed.
 */
export function formatRemaining(ms: number, lng: Lng): string {
  if (!Number.isFinite(ms) || ms <= 0) return '';
  if (ms < MINUTE_MS) return lng === 'nl' ? 'minder dan een minuut' : 'less than a minute left';

  const days = Math.floor(ms / DAY_MS);
  const hours = Math.floor((ms % DAY_MS) / HOUR_MS);
  const minutes = Math.floor((ms % HOUR_MS) / MINUTE_MS);

  const largestTwo: Amount[] =
    days > 0
      ? [
          { count: days, unit: 'day' },
          { count: hours, unit: 'hour' },
        ]
      : [
          { count: hours, unit: 'hour' },
          { count: minutes, unit: 'minute' },
        ];
  const phrase = largestTwo
    .filter((amount) => amount.count > 0)
    .map((amount) => amountOf(amount, lng))
    .join(lng === 'nl' ? ' en ' : ' and ');
  return lng === 'nl' ? `nog ${phrase}` : `${phrase} left`;
}
