import { faceFor } from '../../../src/results/export.pdf';

describe('the jury report picks a font per piece of text', () => {
  it('uses Helvetica for everything Windows-1252 has, Dutch accents, euro sign and dashes included', () => {
    expect(faceFor('Gemeente Súdwest-Fryslân – één loket, € 2.500 “prijs”')).toBe('Helvetica');
    expect(faceFor('Jury', true)).toBe('Helvetica-Bold');
  });

  it('uses the embedded font for text Helvetica cannot show', () => {
    expect(faceFor('SSC Yıldız-Łęka')).toBe('Body');
    expect(faceFor('Ölçüm ≥ 8', true)).toBe('Body-Bold');
  });
});
