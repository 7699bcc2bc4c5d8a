import { expandsTo, foldWord, ftsLiteral, searchTerms } from '../../../src/kennisbank/search-terms';

describe('searchTerms', () => {
  it('folds, drops Dutch stop words and stems like PostgreSQL dutch', () => {
    // PostgreSQL: to_tsvector('dutch', 'De facturen van gemeenten') = 'factur':2 'gemeent':4
    expect(searchTerms('De facturen van gemeenten').map((t) => t.stem)).toEqual(['factur', 'gemeent']);
  });
  it('takes away diacritics and query syntax', () => {
    expect(foldWord('Ïdeeën')).toBe('ideeen');
    expect(searchTerms('"inkoop" OR NOT* (hr)').map((t) => t.word)).toEqual(['inkoop', 'or', 'not', 'hr']);
  });
  it('keeps one term per stem and at most eight', () => {
    expect(searchTerms('factuur facturen')).toHaveLength(1);
    expect(searchTerms('a1 b2 c3 d4 e5 f6 g7 h8 i9 j10')).toHaveLength(8);
  });
  it('is empty for only stop words or punctuation', () => {
    expect(searchTerms('de het een')).toEqual([]);
    expect(searchTerms('!!! ???')).toEqual([]);
  });
});

describe('expandsTo', () => {
  it('matches indexed words with the same stem, also when the stem is not a prefix (vowel undoubled)', () => {
    const [term] = searchTerms('facturen');
    expect(expandsTo(term!, 'factuur')).toBe(true);
    expect(expandsTo(term!, 'facturen')).toBe(true);
    expect(expandsTo(term!, 'facturatie')).toBe(false);
    const [brood] = searchTerms('broden');
    expect(expandsTo(brood!, 'brood')).toBe(true);
  });
});

describe('ftsLiteral', () => {
  it('quotes a word so FTS5 reads it as a string', () => {
    expect(ftsLiteral('a"b')).toBe('"a""b"');
  });
});
