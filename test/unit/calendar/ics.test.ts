import { calendarFile, calendarFileOf, escapeText, foldLine } from '../../../src/calendar/ics';

describe('calendar files', () => {
  it('escapes text and folds long lines at 75 octets without splitting a character', () => {
    expect(escapeText('Utrecht, zaal 1; ingang\\B\nachter')).toBe(
      'Utrecht\\, zaal 1\\; ingang\\\\B\\nachter',
    );
    const long = `SUMMARY:${'ë'.repeat(60)}`;
    const folded = foldLine(long).split('\r\n');
    expect(folded.length).toBeGreaterThan(1);
    for (const line of folded) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(folded.map((l, i) => (i ? l.slice(1) : l)).join('')).toBe(long);
  });

  it('writes one event in UTC with CRLF line ends', () => {
    const file = calendarFile(
      {
        uid: 'deadline-1@example.nl',
        start: new Date('2027-10-01T10:00:00Z'),
        summary: 'Deadline inzendingen Innovatieprijs 2027',
        url: 'https://example.nl/edities/2027',
      },
      new Date('2027-09-01T08:30:15.123Z'),
    );
    expect(file).toBe(
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//Innovatieprijs//NL',
        'CALSCALE:GREGORIAN',
        'METHOD:PUBLISH',
        'BEGIN:VEVENT',
        'UID:deadline-1@example.nl',
        'DTSTAMP:20270901T083015Z',
        'DTSTART:20271001T100000Z',
        'SUMMARY:Deadline inzendingen Innovatieprijs 2027',
        'URL:https://example.nl/edities/2027',
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n'),
    );
  });
});

describe('a calendar with several moments', () => {
  it('holds one VEVENT per event in one VCALENDAR, and is the single-event file for one event', () => {
    const now = new Date('2027-09-01T08:30:15Z');
    const deadline = { uid: 'deadline-1@x', start: new Date('2027-10-01T10:00:00Z'), summary: 'Deadline' };
    const conference = {
      uid: 'conferentie-1@x',
      start: new Date('2027-11-25T08:30:00Z'),
      end: new Date('2027-11-25T16:30:00Z'),
      summary: 'Conferentie',
      location: 'Utrecht',
    };
    const file = calendarFileOf([deadline, conference], now);
    expect(file.match(/BEGIN:VCALENDAR/g)).toHaveLength(1);
    expect(file.match(/BEGIN:VEVENT\r\n/g)).toHaveLength(2);
    expect(file.indexOf('UID:deadline-1@x')).toBeLessThan(file.indexOf('UID:conferentie-1@x'));
    expect(file).toContain('DTEND:20271125T163000Z\r\nSUMMARY:Conferentie\r\nLOCATION:Utrecht\r\nEND:VEVENT');
    expect(file.endsWith('END:VEVENT\r\nEND:VCALENDAR\r\n')).toBe(true);
    expect(calendarFileOf([deadline], now)).toBe(calendarFile(deadline, now));
  });
});
