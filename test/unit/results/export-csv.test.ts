import { csvDialect, neutralise } from '../../../src/results/export.csv';

describe('neutralise', () => {
  it('puts an apostrophe before every line that a spreadsheet would run as a formula', () => {
    expect(neutralise('=1+1')).toBe("'=1+1");
    expect(neutralise('Plan\n=HYPERLINK("x")')).toBe('Plan\n\'=HYPERLINK("x")');
    expect(neutralise('a\r\n+1\r-2\n@A1\n\tx')).toBe("a\r\n'+1\r'-2\n'@A1\n'\tx");
    expect(neutralise('\rtext')).toBe("'\rtext");
  });

  it('leaves ordinary text alone', () => {
    expect(neutralise('Slim inkopen – 2027')).toBe('Slim inkopen – 2027');
    expect(neutralise('a = b\nc + d')).toBe('a = b\nc + d');
  });
});

describe('csvDialect', () => {
  it('is the Dutch Excel dialect for Dutch readers, commas and points for English ones', () => {
    expect(csvDialect('nl')).toEqual({ delimiter: ';', decimal: ',' });
    expect(csvDialect('en')).toEqual({ delimiter: ',', decimal: '.' });
  });
});
