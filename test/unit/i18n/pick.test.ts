import { localeOf, pick, pickText } from '../../../src/i18n/pick';

describe('the Dutch/English pick', () => {
  it('gives the English text on an English page when there is one, and says which language it gave', () => {
    expect(pickText('en', 'Inkoop', 'Procurement')).toEqual({ text: 'Procurement', lang: 'en' });
    expect(pickText('en', 'Inkoop', '  ')).toEqual({ text: 'Inkoop', lang: 'nl' });
    expect(pickText('en', 'Inkoop', null)).toEqual({ text: 'Inkoop', lang: 'nl' });
    expect(pickText('nl', 'Inkoop', 'Procurement')).toEqual({ text: 'Inkoop', lang: 'nl' });
    expect(pick('en', 'Inkoop', undefined)).toBe('Inkoop');
    expect(localeOf('en')).toBe('en-GB');
    expect(localeOf('nl')).toBe('nl-NL');
  });
});
