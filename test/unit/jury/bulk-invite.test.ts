import { parseInviteList, planInvites, splitFields, summarise } from '../../../src/jury/bulk-invite';

describe('reading a pasted list of jurors', () => {
  it('splits on tabs, semicolons or commas, with CSV quotes', () => {
    expect(splitFields('Anna\tanna@x.nl\tDirecteur, bedrijfsvoering\tUtrecht')).toEqual([
      'Anna',
      'anna@x.nl',
      'Directeur, bedrijfsvoering',
      'Utrecht',
    ]);
    expect(splitFields('Anna; anna@x.nl ; ;Utrecht')).toEqual(['Anna', 'anna@x.nl', '', 'Utrecht']);
    expect(splitFields('"de Vries, Anna",anna@x.nl,"Hoofd ""I&A""",Utrecht')).toEqual([
      'de Vries, Anna',
      'anna@x.nl',
      'Hoofd "I&A"',
      'Utrecht',
    ]);
  });

  it('skips blank lines and a header, numbers lines as pasted, and judges each one', () => {
    const text = [
      'naam;e-mail;functie;werkgever',
      'Anna;ANNA@x.nl;Directeur;Utrecht',
      '',
      'Bert;bert@x;;',
      ';leeg@x.nl',
      'Anna opnieuw;anna@x.nl',
      'Cees;cees@x.nl',
      'Dirk;dirk@x.nl',
      'Eva;eva@x.nl',
      'alleen een veld',
      'Fien;fien@x.nl',
    ].join('\r\n');
    const known = new Map([
      ['cees@x.nl', { role: 'juror' as const, active: true, seated: true }],
      ['dirk@x.nl', { role: 'submitter' as const, active: true, seated: false }],
      ['eva@x.nl', { role: 'juror' as const, active: true, seated: false }],
      ['fien@x.nl', { role: 'juror' as const, active: false, seated: false }],
    ]);
    const plan = planInvites(parseInviteList(text), known);
    expect(plan.map((p) => [p.line, p.verdict])).toEqual([
      [2, { kind: 'new', existingAccount: false }],
      [4, { kind: 'invalid', reason: 'emailInvalid' }],
      [5, { kind: 'invalid', reason: 'nameMissing' }],
      [6, { kind: 'invalid', reason: 'duplicate' }],
      [7, { kind: 'alreadyJuror' }],
      [8, { kind: 'invalid', reason: 'otherRole' }],
      [9, { kind: 'new', existingAccount: true }],
      [10, { kind: 'invalid', reason: 'columns' }],
      [11, { kind: 'invalid', reason: 'inactive' }],
    ]);
    expect(plan[0]).toMatchObject({
      name: 'Anna',
      email: 'anna@x.nl',
      jobTitle: 'Directeur',
      employer: 'Utrecht',
    });
    expect(summarise(plan)).toEqual({ new: 2, alreadyJuror: 1, invalid: 6 });
  });
});
