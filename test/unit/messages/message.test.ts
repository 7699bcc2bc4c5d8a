import { fillPlaceholders, unknownPlaceholders } from '../../../src/messages/message';

describe('placeholders in a message to a group', () => {
  it('fills {naam}/{name} and {editie}/{edition} per person and leaves other braces alone', () => {
    const text = 'Beste {naam}, Dear {Name}: {editie} / {edition}. {onbekend} {{dubbel}}';
    expect(fillPlaceholders(text, { name: 'Anna', edition: 'Innovatieprijs 2027' })).toBe(
      'Beste Anna, Dear Anna: Innovatieprijs 2027 / Innovatieprijs 2027. {onbekend} {{dubbel}}',
    );
    expect(unknownPlaceholders(text)).toEqual(['onbekend', 'dubbel']);
    expect(unknownPlaceholders('Beste {naam}')).toEqual([]);
  });
});
