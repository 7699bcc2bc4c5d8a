import type { OrganisationType } from './organisation.types';

// Gemeenten and provinces are stored without the word for their type ("Utrecht", not "Gemeente Utrecht"), as the
// official lists write them: the type says it.
const TYPE_PREFIX: Partial<Record<OrganisationType, RegExp>> = {
  gemeente: /^gemeente\s+/i,
  provincie: /^provincie\s+/i,
};

/** Trims, collapses white space and drops a leading "Gemeente"/"Provincie" for those types. */
export function normaliseOrganisationName(name: string, type: OrganisationType): string {
  const clean = name.normalize('NFC').replace(/\s+/g, ' ').trim();
  const prefix = TYPE_PREFIX[type];
  const stripped = prefix ? clean.replace(prefix, '') : clean;
  return stripped === '' ? clean : stripped;
}

/** Two names are the same organisation when they differ only in case. */
export function nameKey(name: string): string {
  return name.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('nl');
}

/**
 * For searching: case, accents and punctuation do not matter, and neither does a leading "gemeente" ("fryslan"
 * finds "Súdwest-Fryslân", "den haag" finds nothing but "'s-gravenhage" does, "gemeente zeist" finds Zeist).
 */
export function searchKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLocaleLowerCase('nl')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Whether every word of the query starts a word of the name or occurs in it (a search box's expectations). */
export function matchesQuery(name: string, query: string): boolean {
  const words = searchKey(query)
    .split(' ')
    .filter((w) => w && w !== 'gemeente' && w !== 'provincie');
  if (words.length === 0) return false;
  const target = searchKey(name);
  return words.every((w) => target.includes(w));
}

const collator = new Intl.Collator('nl', { sensitivity: 'base', numeric: true });

/** Sorted by name as a Dutch reader expects, the same on SQLite and PostgreSQL. */
export function sortByName<T extends { name: string; id: number }>(list: T[]): T[] {
  return [...list].sort((a, b) => collator.compare(a.name, b.name) || a.id - b.id);
}
