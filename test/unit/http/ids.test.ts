import { parseId } from '../../../src/http/ids';

describe('parseId', () => {
  it('reads one to nine digits as a number', () => {
    expect(parseId('1')).toBe(1);
    expect(parseId('007')).toBe(7);
    expect(parseId('999999999')).toBe(999_999_999);
  });

  it('refuses everything else', () => {
    for (const value of ['', '0x10', '1e3', '-1', '1.5', ' 1', '1 ', '1234567890', 'abc', '١٢']) {
      expect(parseId(value)).toBeNull();
    }
    expect(parseId(12)).toBeNull();
    expect(parseId(['1'])).toBeNull();
    expect(parseId(undefined)).toBeNull();
  });
});
