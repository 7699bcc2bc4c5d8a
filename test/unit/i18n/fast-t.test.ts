import { createI18n, fastT, flattenKeys, LANGUAGES, loadCatalogues } from '../../../src/i18n/i18n';

const catalogues = loadCatalogues();
const i18n = createI18n(catalogues);
const plural = /_(zero|one|two|few|many|other)$/;

describe('fastT gives exactly what i18next gives', () => {
  for (const lng of LANGUAGES) {
    const fast = fastT(i18n, lng);
    const slow = i18n.getFixedT(lng);
    const keys = flattenKeys(catalogues[lng]);
    const messageOf = (key: string) =>
      key.split('.').reduce<unknown>((o, part) => (o as Record<string, unknown>)[part], catalogues[lng]);

    it(`for every ${lng} key, with and without its values`, () => {
      let filled = 0;
      for (const key of keys.filter((k) => !plural.test(k))) {
        const names = [...String(messageOf(key)).matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!);
        const values = Object.fromEntries(names.map((n, i) => [n, `<${n}-${i}> & "x"`]));
        expect(fast(key)).toBe(slow(key));
        expect(fast(key, values)).toBe(slow(key, values));
        if (names.length) filled++;
      }
      expect(filled).toBeGreaterThan(50); // the catalogues really have placeholders, so the fast path was used
    });

    it(`for ${lng} plurals, a missing value, an object value and an unknown key`, () => {
      const pluralKey = keys.find((k) => k.endsWith('_other'))!.replace(plural, '');
      for (const count of [0, 1, 2, 25]) expect(fast(pluralKey, { count })).toBe(slow(pluralKey, { count }));
      const withName = keys.find((k) => String(messageOf(k)).includes('{{name}}'))!;
      expect(fast(withName, {})).toBe(slow(withName, {}));
      expect(fast(withName, { name: null })).toBe(slow(withName, { name: null }));
      expect(fast(withName, { name: 12 })).toBe(slow(withName, { name: 12 }));
      expect(fast('no.such.key')).toBe(slow('no.such.key'));
      expect(fast('no.such.key', { name: 'x' })).toBe(slow('no.such.key', { name: 'x' }));
    });
  }
});
