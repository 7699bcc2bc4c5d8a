import {
  matchesQuery,
  nameKey,
  normaliseOrganisationName,
  sortByName,
} from '../../../src/organisations/organisation.names';
import { parseRegistrationForm } from '../../../src/organisations/registration.schemas';
import { detectConflicts } from '../../../src/jury/conflicts';
import type { Organisation } from '../../../src/organisations/organisation.types';

const registerBody = {
  code: null,
  provinceCode: null,
  status: 'active' as const,
  source: 'organiser' as const,
  mergedIntoId: null,
  proposedByUserId: null,
};

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

  it('finds register names by any part, ignoring case, accents, punctuation and the word "gemeente"', () => {
    expect(matchesQuery('Súdwest-Fryslân', 'fryslan')).toBe(true);
    expect(matchesQuery("'s-Gravenhage", 'gravenhage')).toBe(true);
    expect(matchesQuery('Zeist', 'Gemeente Zeist')).toBe(true);
    expect(matchesQuery('Utrechtse Heuvelrug', 'heuvelrug utrecht')).toBe(true);
    expect(matchesQuery('Zeist', 'Zwolle')).toBe(false);
    expect(matchesQuery('Zeist', 'gemeente')).toBe(false);
    expect(matchesQuery('Zeist', '  ')).toBe(false);
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
      {
        ...registerBody,
        id: 1,
        name: 'Utrecht',
        type: 'gemeente',
        ownerIds: [],
        createdAt: at,
        updatedAt: at,
      },
      { ...registerBody, id: 2, name: 'SSC', type: 'ssc', ownerIds: [1], createdAt: at, updatedAt: at },
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
    organisationChoice: 'propose',
    proposedType: 'ssc',
    proposedName: 'SSC Kromme Rijn',
    ownerIds: ['3', '3', '5'],
  };

  it('reads a proposed joint body with distinct owner ids from the register', () => {
    const form = parseRegistrationForm(valid);
    expect(form).toEqual({
      ok: true,
      data: {
        name: 'Ria',
        email: 'ria@example.nl',
        password: 'een lang wachtwoord',
        organisation: { kind: 'propose', type: 'ssc', name: 'SSC Kromme Rijn', ownerIds: [3, 5] },
      },
    });
  });

  it('reads a single ticked owner (a string, not an array)', () => {
    const form = parseRegistrationForm({ ...valid, ownerIds: '4' });
    expect(form.ok && form.data.organisation).toMatchObject({ ownerIds: [4] });
  });

  it('never takes a gemeente or province typed in as a proposal: only joint bodies can be proposed', () => {
    const form = parseRegistrationForm({ ...valid, proposedType: 'gemeente' });
    expect(form.ok ? [] : form.errors.map((e) => [e.field, e.messageKey])).toEqual([
      ['proposedType', 'organisations.errors.jointTypeRequired'],
    ]);
  });

  it('refuses the password policy even when other fields are wrong', () => {
    const form = parseRegistrationForm({
      ...valid,
      name: '',
      password: 'ria@example.nl',
      passwordConfirm: 'ria@example.nl',
    });
    expect(form.ok ? [] : form.errors.map((e) => [e.field, e.messageKey])).toEqual([
      ['name', 'common.errors.nameRequired'],
      ['password', 'auth.password.errors.isEmail'],
    ]);
  });

  it('only looks at the register when "register" is chosen', () => {
    const form = parseRegistrationForm({
      ...valid,
      organisationChoice: 'register',
      organisationId: '12',
      proposedType: '',
    });
    expect(form.ok && form.data.organisation).toEqual({ kind: 'register', organisationId: 12 });
    const missing = parseRegistrationForm({ ...valid, organisationChoice: 'register', organisationId: '' });
    expect(missing.ok ? [] : missing.errors.map((e) => e.field)).toEqual(['organisationId']);
  });
});
