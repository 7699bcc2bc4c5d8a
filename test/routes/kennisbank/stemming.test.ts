import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { foldWord, stemWord } from '../../../src/kennisbank/search-terms';
import { DUTCH_STOP_WORDS } from '../../../src/kennisbank/dutch-stop-words';

/**
 * The SQLite search stems query words in TypeScript; PostgreSQL stems with its own 'dutch' configuration. For the
 * same query to find the same entries, both must stem alike. Checked against the real PostgreSQL (run with
 * TEST_DATABASE_URL), and on SQLite against stems PostgreSQL 15 gave for the same words.
 */
const WORDS: Record<string, string> = {
  facturen: 'factur',
  factuur: 'factur',
  gemeenten: 'gemeent',
  gemeente: 'gemeent',
  mogelijkheden: 'mogelijk',
  broden: 'brod',
  brood: 'brod',
  adviezen: 'adviez',
  kinderen: 'kinder',
  standaardiseren: 'standaardiser',
  inkoop: 'inkop',
  inkopen: 'inkop',
  leidinggevenden: 'leidinggev',
  personeelsdossiers: 'personeelsdossier',
  doorlooptijd: 'doorlooptijd',
  samenwerking: 'samenwerk',
  digitalisering: 'digitaliser',
  ideeën: 'ideeen',
  vergunningen: 'vergunn',
  werkwijze: 'werkwijz',
};

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

async function postgresStems(words: string[]): Promise<Record<string, string>> {
  if (t.dialect !== 'postgres') return WORDS;
  const stems: Record<string, string> = {};
  for (const w of words) {
    const row = (await t.db.raw(`select ts_lexize('dutch_stem', ?) as lexemes`, [w])).rows[0] as {
      lexemes: string[] | null;
    };
    stems[w] = row.lexemes?.[0] ?? '';
  }
  return stems;
}

describe('Dutch stemming', () => {
  it('gives the stems PostgreSQL gives', async () => {
    const words = Object.keys(WORDS);
    const expected = await postgresStems(words);
    const ours = Object.fromEntries(words.map((w) => [w, stemWord(foldWord(w))]));
    expect(ours).toEqual(expected);
  });

  it('drops exactly the stop words PostgreSQL drops', async () => {
    if (t.dialect !== 'postgres') {
      expect(DUTCH_STOP_WORDS.size).toBe(101);
      return;
    }
    const stopped: Array<{ word: string }> = (
      await t.db.raw(
        `select word from unnest(?::text[]) word where to_tsvector('dutch', word) = ''::tsvector`,
        [[...DUTCH_STOP_WORDS, 'gemeente', 'inkoop']],
      )
    ).rows;
    expect(new Set(stopped.map((r) => r.word))).toEqual(DUTCH_STOP_WORDS);
  });
});
