import { fillPlaceholders, unknownPlaceholders } from '../../../src/messages/message';

describe('placeholders in a message to a group', () => {
  it('fills {naam}/{name} and {editie}/{edition} per person and leaves other braces alone', () => {
    const text = 'Beste {naam}, Dear {Name}: {editie} / {edition}. {onbekend} {{dubbel}}';
    expect(fillPlaceholders(text, { name: 'Anna', edition: 'Innovatieprijs 2027' })).toBe(
      'Beste Anna, Dear Anna: Innovatieprijs 2027 / Innovatieprijs 2027. {onbekend} {{dubbel}}',
    );
    expect(unknownPlaceholders(text, 'jurors')).toEqual(['onbekend', 'dubbel']);
    expect(unknownPlaceholders('Beste {naam}', 'entrants')).toEqual([]);
  });

  it('knows {inzending}/{entry} only in a message to selected entries, where it names the person’s entries', () => {
    const text = 'Beste {naam}, over {inzending} ({Entry}).';
    expect(unknownPlaceholders(text, 'selectedEntries')).toEqual([]);
    expect(unknownPlaceholders(text, 'entrants')).toEqual(['inzending', 'Entry']);
    expect(unknownPlaceholders(text, 'jurors')).toEqual(['inzending', 'Entry']);
    expect(
      fillPlaceholders(text, {
        name: 'Anna',
        edition: 'X',
        entries: '2027-004 Slim inkopen, 2027-009 Balie',
      }),
    ).toBe('Beste Anna, over 2027-004 Slim inkopen, 2027-009 Balie (2027-004 Slim inkopen, 2027-009 Balie).');
    // Without entries (another group) the placeholder stays as written; the preview refuses it before that.
    expect(fillPlaceholders('{inzending}', { name: 'Anna', edition: 'X' })).toBe('{inzending}');
  });
});
