import { newStemmer } from 'snowball-stemmers';
import { DUTCH_STOP_WORDS } from './dutch-stop-words';

/**
 * How a search query becomes terms, the same way on both databases. PostgreSQL's 'dutch' configuration lowercases,
 * drops stop words and stems every word with the Snowball Dutch stemmer, and a query matches a document holding
 * every stemmed term. SQLite's FTS5 has no Dutch stemmer, so its index keeps the words themselves (lowercased,
 * without diacritics) and the query side does the rest here: each query word is stemmed with the same Snowball
 * algorithm, and every indexed word with that stem counts as a hit (see `expandsTo`). Pure; unit-tested.
 */

const stemmer = newStemmer('dutch');
const MAX_TERMS = 8;
const MAX_WORD = 60;

/** Lowercase, without diacritics (é → e, ï → i), as SQLite's `unicode61 remove_diacritics 2` indexes words. */
export function foldWord(word: string): string {
  return word
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** Snowball Dutch, as PostgreSQL's dutch_stem applies it to a folded word. */
const stems = new Map<string, string>();
export function stemWord(folded: string): string {
  let stem = stems.get(folded);
  if (stem === undefined) {
    stem = stemmer.stem(folded);
    if (stems.size > 50_000) stems.clear();
    stems.set(folded, stem);
  }
  return stem;
}

export interface SearchTerm {
  /** The word as typed, folded. */
  word: string;
  stem: string;
  /**
   * Every indexed word with this stem starts with this prefix: Snowball Dutch only cuts a word's end, except that it
   * undoubles a vowel (brood → brod) and turns -heden into -heid, which shortening the stem by two letters covers.
   */
  prefix: string;
}

/** The terms of a query: words of letters and digits, stop words left out, at most eight. */
export function searchTerms(query: string): SearchTerm[] {
  const words = foldWord(query.slice(0, 200)).match(/[\p{L}\p{N}]+/gu) ?? [];
  const seen = new Set<string>();
  const terms: SearchTerm[] = [];
  for (const raw of words) {
    const word = raw.slice(0, MAX_WORD);
    if (DUTCH_STOP_WORDS.has(word)) continue;
    const stem = stemWord(word);
    if (seen.has(stem)) continue;
    seen.add(stem);
    const prefix = stem.endsWith('heid')
      ? stem.slice(0, -3)
      : stem.length > 3
        ? stem.slice(0, -2)
        : stem.slice(0, 1);
    terms.push({ word, stem, prefix });
    if (terms.length === MAX_TERMS) break;
  }
  return terms;
}

/** Whether an indexed word (folded) is a hit for a term: it has the term's stem. */
export function expandsTo(term: SearchTerm, indexedWord: string): boolean {
  return indexedWord.startsWith(term.prefix) && stemWord(indexedWord) === term.stem;
}

/** A word as an FTS5 string literal (double quotes doubled), so nothing in it is read as query syntax. */
export function ftsLiteral(word: string): string {
  return `"${word.replace(/"/g, '""')}"`;
}
