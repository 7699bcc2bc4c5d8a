import {
  formatDate,
  formatDateTime,
  formatRemaining,
  formatTime,
  parseLocalDate,
  parseLocalDateTime,
  TIME_ZONE,
  toLocalDateInput,
  toLocalDateTimeInput,
} from '../../../src/shared/time';

const iso = (date: Date | null) => date?.toISOString() ?? null;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

it('works in Amsterdam time', () => {
  expect(TIME_ZONE).toBe('Europe/Amsterdam');
});

describe('parseLocalDateTime', () => {
  it('reads winter time as UTC+1 and summer time as UTC+2', () => {
    expect(iso(parseLocalDateTime('2026-01-15T09:00'))).toBe('2026-01-15T08:00:00.000Z');
    expect(iso(parseLocalDateTime('2026-07-01T00:00'))).toBe('2026-06-30T22:00:00.000Z');
    expect(iso(parseLocalDateTime('2026-12-31T23:59'))).toBe('2026-12-31T22:59:00.000Z');
  });

  it('accepts optional seconds', () => {
    expect(iso(parseLocalDateTime('2026-07-01T12:00:30'))).toBe('2026-07-01T10:00:30.000Z');
  });

  it('reads a deadline on the last Sunday of October after the change to CET as UTC+1', () => {
    expect(iso(parseLocalDateTime('2026-10-25T23:59'))).toBe('2026-10-25T22:59:00.000Z');
    expect(iso(parseLocalDateTime('2026-10-25T03:00'))).toBe('2026-10-25T02:00:00.000Z');
    expect(iso(parseLocalDateTime('2026-10-25T01:59'))).toBe('2026-10-24T23:59:00.000Z');
  });

  it('orders the 23:59 October deadline correctly against instants one minute either side', () => {
    const deadline = parseLocalDateTime('2026-10-25T23:59')!.getTime();
    expect(new Date('2026-10-25T22:58:00.000Z').getTime()).toBeLessThan(deadline);
    expect(new Date('2026-10-25T23:00:00.000Z').getTime()).toBeGreaterThan(deadline);
    expect(deadline - new Date('2026-10-25T22:58:00.000Z').getTime()).toBe(MINUTE);
  });

  it('reads midday on the last Sunday of March after the change to CEST as UTC+2', () => {
    expect(iso(parseLocalDateTime('2026-03-29T12:00'))).toBe('2026-03-29T10:00:00.000Z');
    expect(iso(parseLocalDateTime('2026-03-29T01:59'))).toBe('2026-03-29T00:59:00.000Z');
    expect(iso(parseLocalDateTime('2026-03-29T03:00'))).toBe('2026-03-29T01:00:00.000Z');
  });

  it('moves a time in the skipped spring hour one hour later', () => {
    // 02:00–02:59 does not exist on 29 March 2026; 02:30 is read as 03:30 CEST.
    expect(iso(parseLocalDateTime('2026-03-29T02:00'))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(parseLocalDateTime('2026-03-29T02:30'))).toBe('2026-03-29T01:30:00.000Z');
    expect(iso(parseLocalDateTime('2026-03-29T02:59'))).toBe('2026-03-29T01:59:00.000Z');
  });

  it('takes the first (summer time) occurrence of the repeated autumn hour', () => {
    // 02:30 happens at 00:30Z (CEST) and again at 01:30Z (CET) on 25 October 2026.
    expect(iso(parseLocalDateTime('2026-10-25T02:00'))).toBe('2026-10-25T00:00:00.000Z');
    expect(iso(parseLocalDateTime('2026-10-25T02:30'))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(parseLocalDateTime('2026-10-25T02:59'))).toBe('2026-10-25T00:59:00.000Z');
  });

  it('handles leap days', () => {
    expect(iso(parseLocalDateTime('2028-02-29T12:00'))).toBe('2028-02-29T11:00:00.000Z');
    expect(parseLocalDateTime('2026-02-29T12:00')).toBeNull();
    expect(parseLocalDateTime('2100-02-29T12:00')).toBeNull();
    expect(iso(parseLocalDateTime('2000-02-29T12:00'))).toBe('2000-02-29T11:00:00.000Z');
  });

  it.each([
    '',
    'abc',
    '2026-02-30T10:00',
    '2026-04-31T10:00',
    '2026-13-01T10:00',
    '2026-00-10T10:00',
    '2026-01-00T10:00',
    '2026-01-01T24:00',
    '2026-01-01T10:60',
    '2026-01-01T10:00:60',
    '2026-01-01 10:00',
    '2026-1-1T10:00',
    '2026-01-01T10:00Z',
    '2026-01-01T10:00+01:00',
    '2026-01-01T10',
    '2026-01-01',
    ' 2026-01-01T10:00',
  ])('refuses %p', (value) => {
    expect(parseLocalDateTime(value)).toBeNull();
  });
});

describe('parseLocalDate', () => {
  it('gives midnight in Amsterdam', () => {
    expect(iso(parseLocalDate('2026-01-15'))).toBe('2026-01-14T23:00:00.000Z');
    expect(iso(parseLocalDate('2026-07-01'))).toBe('2026-06-30T22:00:00.000Z');
  });

  it('uses the offset of that midnight on the days the clocks change', () => {
    expect(iso(parseLocalDate('2026-03-29'))).toBe('2026-03-28T23:00:00.000Z');
    expect(iso(parseLocalDate('2026-03-30'))).toBe('2026-03-29T22:00:00.000Z');
    expect(iso(parseLocalDate('2026-10-25'))).toBe('2026-10-24T22:00:00.000Z');
    expect(iso(parseLocalDate('2026-10-26'))).toBe('2026-10-25T23:00:00.000Z');
  });

  it.each(['', '2026-02-30', '2026-13-01', '2026-1-5', '2026-01-05T00:00', '05-01-2026'])(
    'refuses %p',
    (value) => {
      expect(parseLocalDate(value)).toBeNull();
    },
  );
});

describe('toLocalDateTimeInput and toLocalDateInput', () => {
  it('shows the Amsterdam wall-clock time', () => {
    expect(toLocalDateTimeInput(new Date('2026-10-25T22:59:00.000Z'))).toBe('2026-10-25T23:59');
    expect(toLocalDateTimeInput(new Date('2026-06-30T22:00:00.000Z'))).toBe('2026-07-01T00:00');
    expect(toLocalDateTimeInput(new Date('2026-01-15T08:05:59.999Z'))).toBe('2026-01-15T09:05');
  });

  it('shows the same 02:30 for both occurrences of the repeated autumn hour', () => {
    expect(toLocalDateTimeInput(new Date('2026-10-25T00:30:00.000Z'))).toBe('2026-10-25T02:30');
    expect(toLocalDateTimeInput(new Date('2026-10-25T01:30:00.000Z'))).toBe('2026-10-25T02:30');
  });

  it('gives the Amsterdam date, which may differ from the UTC date', () => {
    expect(toLocalDateInput(new Date('2026-10-25T22:59:00.000Z'))).toBe('2026-10-25');
    expect(toLocalDateInput(new Date('2026-10-25T23:00:00.000Z'))).toBe('2026-10-26');
    expect(toLocalDateInput(new Date('2026-06-30T22:00:00.000Z'))).toBe('2026-07-01');
  });

  it.each([
    '2026-01-15T09:00',
    '2026-03-29T01:59',
    '2026-03-29T03:00',
    '2026-07-01T00:00',
    '2026-10-25T01:59',
    '2026-10-25T02:30',
    '2026-10-25T03:00',
    '2026-10-25T23:59',
    '2028-02-29T00:00',
    '2026-12-31T23:59',
  ])('round-trips %p', (value) => {
    expect(toLocalDateTimeInput(parseLocalDateTime(value)!)).toBe(value);
  });

  it('round-trips a time in the skipped spring hour to the time that exists', () => {
    expect(toLocalDateTimeInput(parseLocalDateTime('2026-03-29T02:30')!)).toBe('2026-03-29T03:30');
  });

  it('round-trips dates', () => {
    for (const value of ['2026-03-29', '2026-10-25', '2026-01-01', '2026-12-31']) {
      expect(toLocalDateInput(parseLocalDate(value)!)).toBe(value);
    }
  });
});

describe('formatting', () => {
  const octoberDeadline = new Date('2026-10-25T22:59:00.000Z');
  const summerMorning = new Date('2026-07-01T07:05:00.000Z');
  const justAfterMidnight = new Date('2026-01-04T23:00:00.000Z');

  it('formats date and time in Dutch', () => {
    expect(formatDateTime(octoberDeadline, 'nl')).toBe('zondag 25 oktober 2026 om 23:59');
    expect(formatDateTime(summerMorning, 'nl')).toBe('woensdag 1 juli 2026 om 09:05');
    expect(formatDateTime(justAfterMidnight, 'nl')).toBe('maandag 5 januari 2026 om 00:00');
  });

  it('formats date and time in English, without a comma after the weekday', () => {
    expect(formatDateTime(octoberDeadline, 'en')).toBe('Sunday 25 October 2026 at 23:59');
    expect(formatDateTime(summerMorning, 'en')).toBe('Wednesday 1 July 2026 at 09:05');
    expect(formatDateTime(justAfterMidnight, 'en')).toBe('Monday 5 January 2026 at 00:00');
  });

  it('formats dates', () => {
    expect(formatDate(octoberDeadline, 'nl')).toBe('25 oktober 2026');
    expect(formatDate(octoberDeadline, 'en')).toBe('25 October 2026');
    expect(formatDate(new Date('2026-10-25T23:00:00.000Z'), 'nl')).toBe('26 oktober 2026');
    expect(formatDate(summerMorning, 'nl')).toBe('1 juli 2026');
  });

  it('formats times on a 24-hour clock', () => {
    expect(formatTime(octoberDeadline)).toBe('23:59');
    expect(formatTime(summerMorning)).toBe('09:05');
    expect(formatTime(justAfterMidnight)).toBe('00:00');
    expect(formatTime(new Date('2026-07-01T12:30:00.000Z'))).toBe('14:30');
  });
});

describe('formatRemaining', () => {
  it.each([
    [3 * DAY + 4 * HOUR, 'nog 3 dagen en 4 uur', '3 days and 4 hours left'],
    [3 * DAY + 4 * HOUR + 59 * MINUTE, 'nog 3 dagen en 4 uur', '3 days and 4 hours left'],
    [2 * DAY + 30 * MINUTE, 'nog 2 dagen', '2 days left'],
    [DAY, 'nog 1 dag', '1 day left'],
    [DAY + HOUR, 'nog 1 dag en 1 uur', '1 day and 1 hour left'],
    [14 * DAY + 23 * HOUR, 'nog 14 dagen en 23 uur', '14 days and 23 hours left'],
    [DAY - 1, 'nog 23 uur en 59 minuten', '23 hours and 59 minutes left'],
    [5 * HOUR + 12 * MINUTE, 'nog 5 uur en 12 minuten', '5 hours and 12 minutes left'],
    [HOUR + MINUTE, 'nog 1 uur en 1 minuut', '1 hour and 1 minute left'],
    [2 * HOUR, 'nog 2 uur', '2 hours left'],
    [HOUR, 'nog 1 uur', '1 hour left'],
    [HOUR - 1, 'nog 59 minuten', '59 minutes left'],
    [7 * MINUTE, 'nog 7 minuten', '7 minutes left'],
    [MINUTE, 'nog 1 minuut', '1 minute left'],
    [MINUTE - 1, 'minder dan een minuut', 'less than a minute left'],
    [1, 'minder dan een minuut', 'less than a minute left'],
  ])('%p ms is %p / %p', (ms, nl, en) => {
    expect(formatRemaining(ms, 'nl')).toBe(nl);
    expect(formatRemaining(ms, 'en')).toBe(en);
  });

  it.each([0, -1, -DAY, NaN, Infinity])('gives an empty string for %p', (ms) => {
    expect(formatRemaining(ms, 'nl')).toBe('');
    expect(formatRemaining(ms, 'en')).toBe('');
  });
});
