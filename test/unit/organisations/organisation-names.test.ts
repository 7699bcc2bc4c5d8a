import {
  nameKey,
  normaliseOrganisationName,
  ownerFromLine,
  sortByName,
} from '../../../src/organisations/organisation.service';
import { parseRegistrationForm } from '../../../src/organisations/registration.schemas';
import { detectConflicts } from '../../../src/jury/conflicts';
import type { Organisation } from '../../../src/organisations/organisation.types';

describe('organisation names', () => {
  it('trims, collapses spaces and drops the type word for gemeenten and provinces only', () => {
    expect(normaliseOrganisationName('  Gemeente   Zeist ', 'gemeente')).toBe('Zeist');
    expect(normaliseOrganisationName('provincie Utrecht', 'provincie')).toBe('Utrecht');
    expect(normaliseOrganisationName('Gemeente', 'gemeente')).toBe('Gemeente');
    expect(normaliseOrganisationName('Gemeente Zeist', 'ssc')).toBe('Gemeente Zeist');
    expect(normaliseOrganisationName('Waterschap\tRivierenland', 'waterschap')).toBe(
      'Waterschap Rivierenland',
    );
  });

  it('treats names that differ only in case as the same', () => {
    expect(nameKey('ZEIST')).toBe(nameKey('Zeist'));
    expect(nameKey('Súdwest-Fryslân')).toBe(nameKey('SÚDWEST-FRYSLÂN'));
    expect(nameKey('Sudwest-Fryslan')).not.toBe(nameKey('Súdwest-Fryslân'));
  });

  it('reads a typed owner as a province only with the word "Provincie"', () => {
    expect(ownerFromLine('Provincie  Utrecht')).toEqual({ name: 'Utrecht', type: 'provincie' });
    expect(ownerFromLine('Gemeente Houten')).toEqual({ name: 'Houten', type: 'gemeente' });
    expect(ownerFromLine('Bunnik')).toEqual({ name: 'Bunnik', type: 'gemeente' });
  });

  it('sorts as a Dutch reader expects: case does not matter, numbers in order', () => {
    const names = ['Zeist', 'aa en hunze', 'SSC 10', 'SSC 9', 'Utrecht', 'Ede'];
    expect(sortByName(names.map((name, id) => ({ id, name }))).map((o) => o.name)).toEqual([
      'aa en hunze',
      'Ede',
      'SSC 9',
      'SSC 10',
      'Utrecht',
      'Zeist',
    ]);
  });

  it('gives organisations the jury conflict check can use as they are', () => {
    const at = new Date();
    const orgs: Organisation[] = [
      { id: 1, name: 'Utrecht', type: 'gemeente', ownerIds: [], createdAt: at, updatedAt: at },
      { id: 2, name: 'SSC', type: 'ssc', ownerIds: [1], createdAt: at, updatedAt: at },
    ];
    const conflicts = detectConflicts({
      organisations: orgs,
      juror: { jurorId: 7, employerId: 1, tiedOrgIds: [] },
      entry: { entryId: 9, entrantOrgId: 2, partnerOrgIds: [] },
    });
    expect(conflicts.map((c) => c.kind)).toEqual(['owner_of_entrant']);
  });
});

describe('registration form', () => {
  const valid = {
    name: 'Ria',
    email: 'ria@example.nl',
    password: 'een lang wachtwoord',
    passwordConfirm: 'een lang wachtwoord',
    organisationChoice: 'new',
    organisationType: 'ssc',
    organisationName: 'SSC',
    ownerIds: ['3', '3', '5'],
    otherOwners: 'Gemeente Houten\r\n\r\n  Bunnik  ',
  };

  it('reads a new SSC with distinct owner ids and non-empty lines', () => {
    const form = parseRegistrationForm(valid);
    expect(form).toEqual({
      ok: true,
      data: {
        name: 'Ria',
        email: 'ria@example.nl',
        password: 'een lang wachtwoord',
        organisation: {
          kind: 'new',
          type: 'ssc',
          name: 'SSC',
          ownerIds: [3, 5],
          ownerLines: ['Gemeente Houten', 'Bunnik'],
        },
      },
    });
  });

  it('reads a single ticked owner (a string, not an array)', () => {
    const form = parseRegistrationForm({ ...valid, ownerIds: '4', otherOwners: '' });
    expect(form.ok && form.data.organisation).toMatchObject({ ownerIds: [4], ownerLines: [] });
  });

  it('refuses the password policy even when other fields are wrong, and too many owner lines', () => {
    const form = parseRegistrationForm({
      ...valid,
      name: '',
      password: 'ria@example.nl',
      passwordConfirm: 'ria@example.nl',
      otherOwners: Array.from({ length: 51 }, (_, i) => `Gemeente ${i}`).join('\n'),
    });
    expect(form.ok ? [] : form.errors.map((e) => [e.field, e.messageKey])).toEqual([
      ['name', 'common.errors.nameRequired'],
      ['password', 'auth.password.errors.isEmail'],
      ['otherOwners', 'registration.errors.tooManyOwnerLines'],
    ]);
  });

  it('only looks at the list when "existing" is chosen', () => {
    const form = parseRegistrationForm({
      ...valid,
      organisationChoice: 'existing',
      organisationId: '12',
      organisationType: '',
    });
    expect(form.ok && form.data.organisation).toEqual({ kind: 'existing', organisationId: 12 });
    const missing = parseRegistrationForm({ ...valid, organisationChoice: 'existing', organisationId: '' });
    expect(missing.ok ? [] : missing.errors.map((e) => e.field)).toEqual(['organisationId']);
  });
});
