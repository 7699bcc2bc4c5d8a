import { insertQuestion, saveAnswers } from '../../../src/entries/question.repo';
import { parseOptions } from '../../../src/entries/question.rules';
import type { Entry } from '../../../src/entries/entry.types';
import { loggedIn, type Browser } from '../../helpers/agent';
import { createEntrant, createEntry, createOpenEdition } from '../../helpers/entries';
import { createUser } from '../../helpers/factories';
import { makeTestApp, type TestApp } from '../../helpers/test-app';
import type { Edition } from '../../../src/editions/edition.types';

/**
 * Organisers act on many entries at once from the list: admit or refuse (one reason) in one transaction, all or
 * nothing, audited per entry; tag; filter and sort; export the selection with its answers.
 */
let t: TestApp;
let admin: Browser;
let edition: Edition;
let categoryId: number;
const submitted: Entry[] = [];
let draft: Entry;
let choice: number;

beforeAll(async () => {
  t = await makeTestApp({ now: new Date('2027-03-01T10:00:00Z') });
  const open = await createOpenEdition(t);
  edition = open.edition;
  categoryId = open.categories[0]!.id;
  choice = await insertQuestion(
    t.db,
    edition.id,
    {
      type: 'choice',
      field: null,
      labelNl: 'Schaal',
      labelEn: 'Scale',
      helpNl: '',
      helpEn: '',
      required: false,
      hiddenFromJurors: false,
      settings: { options: parseOptions('Lokaal\nRegionaal'), multiple: false },
    },
    20,
  );
  const { organisation, submitter } = await createEntrant(t);
  const make = (title: string, status: 'submitted' | 'draft') =>
    createEntry(t, {
      edition,
      organisationId: organisation.id,
      userId: submitter.id,
      title,
      categoryId,
      status,
    });
  for (let i = 0; i < 100; i++)
    submitted.push(await make(`Project ${String(i + 1).padStart(3, '0')}`, 'submitted'));
  draft = await make('Nog een concept', 'draft');
  await t.db('entries').where({ id: draft.id }).update({ problem: '' });
  await saveAnswers(t.db, submitted[0]!.id, new Map([[choice, ['o2']]]));
  admin = await loggedIn(t.app, await createUser(t.db, { role: 'admin' }));
});
afterAll(() => t.close());

const list = `/admin/entries?edition=`;
const bulk = (fields: Record<string, string | string[]>) =>
  admin.submit(`${list}${edition.id}`, '/admin/entries/bulk', { edition: String(edition.id), ...fields });
const ids = (entries: Entry[]) => entries.map((e) => String(e.id));
const eligibilityAudits = () => t.db('audit_events').where({ action: 'entry.eligibility' });

describe('bulk actions on the organisers’ list', () => {
  it('refuses the whole selection when one entry is not submitted: nothing changes, nothing is audited', async () => {
    const res = await bulk({ action: 'admit', entryIds: [...ids(submitted), String(draft.id)] });
    expect(res.status).toBe(422);
    expect(res.text).toContain('1 geselecteerde inzending is niet ingediend');
    expect(res.text).toContain('Er is niets veranderd.');
    // The selection is kept on the form shown again.
    expect(res.text).toContain(
      `value="${submitted[5]!.id}" id="select-${submitted[5]!.id}" aria-label="Inzending 2027-006 selecteren" checked`,
    );
    const eligible = await t.db('entries').where({ edition_id: edition.id, eligibility: 'eligible' });
    expect(eligible).toHaveLength(0);
    expect(await eligibilityAudits()).toHaveLength(0);
  });

  it('refuses an entry of another edition in the selection', async () => {
    const other = (await createOpenEdition(t, { year: 2030 } as never)).edition;
    const { organisation, submitter } = await createEntrant(t);
    const stranger = await createEntry(t, {
      edition: other,
      organisationId: organisation.id,
      userId: submitter.id,
      status: 'submitted',
    });
    const res = await bulk({ action: 'admit', entryIds: [String(submitted[0]!.id), String(stranger.id)] });
    expect(res.status).toBe(422);
    expect(await eligibilityAudits()).toHaveLength(0);
  });

  it('admits 100 entries in one transaction, with an audit record per entry', async () => {
    const started = Date.now();
    const res = await bulk({ action: 'admit', entryIds: ids(submitted) });
    const ms = Date.now() - started;
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/admin/entries?edition=${edition.id}&notice=bulk-admit&count=100`);
    const rows = await t.db('entries').whereIn(
      'id',
      submitted.map((e) => e.id),
    );
    expect(rows.every((r: { eligibility: string }) => r.eligibility === 'eligible')).toBe(true);
    const audits = await eligibilityAudits();
    expect(audits).toHaveLength(100);
    expect(new Set(audits.map((a: { subject_id: number }) => Number(a.subject_id)))).toEqual(
      new Set(submitted.map((e) => e.id)),
    );

    console.log(`bulk admit of 100 entries: ${ms} ms (${t.dialect})`);
  });

  it('marks a selection not eligible only with one reason, given to each', async () => {
    const two = submitted.slice(0, 2);
    const without = await bulk({ action: 'ineligible', entryIds: ids(two), reason: ' ' });
    expect(without.status).toBe(422);
    expect(without.text).toContain('href="#reason"');
    const res = await bulk({
      action: 'ineligible',
      entryIds: ids(two),
      reason: 'Geen innovatie maar regulier beleid',
    });
    expect(res.status).toBe(303);
    const rows = await t.db('entries').whereIn(
      'id',
      two.map((e) => e.id),
    );
    expect(
      rows.map((r: { eligibility: string; eligibility_reason: string }) => [
        r.eligibility,
        r.eligibility_reason,
      ]),
    ).toEqual([
      ['ineligible', 'Geen innovatie maar regulier beleid'],
      ['ineligible', 'Geen innovatie maar regulier beleid'],
    ]);
  });

  it('tags a selection, filters on the tag, the answer to a choice question and completeness, and sorts', async () => {
    expect(
      (await bulk({ action: 'tag', entryIds: ids(submitted.slice(10, 13)), newTag: '  Shortlist ' })).status,
    ).toBe(303);
    expect(await t.db('audit_events').where({ action: 'entry.tag' })).toHaveLength(3);
    const tagged = await admin.get(`${list}${edition.id}&tag=shortlist`).expect(200);
    expect(tagged.text).toContain('3 inzendingen');
    expect(tagged.text).toContain('Project 011');
    expect(tagged.text).not.toContain('Project 014');
    expect(
      (await bulk({ action: 'untag', entryIds: ids(submitted.slice(10, 11)), newTag: 'shortlist' })).status,
    ).toBe(303);
    expect((await admin.get(`${list}${edition.id}&tag=shortlist`)).text).toContain('2 inzendingen');
    expect(
      (await bulk({ action: 'tag', entryIds: ids(submitted.slice(0, 1)), newTag: 'x'.repeat(41) })).status,
    ).toBe(422);

    const byAnswer = await admin.get(`${list}${edition.id}&answer=${choice}:o2`).expect(200);
    expect(byAnswer.text).toContain('1 inzending');
    expect(byAnswer.text).toContain('Project 001');
    expect(byAnswer.text).toContain('Schaal: Regionaal');

    const incomplete = await admin.get(`${list}${edition.id}&complete=no`).expect(200);
    expect(incomplete.text).toContain('1 inzending');
    expect(incomplete.text).toContain('Nog een concept');

    const byTitle = await admin.get(`${list}${edition.id}&sort=title`).expect(200);
    expect(byTitle.text.indexOf('Nog een concept')).toBeLessThan(byTitle.text.indexOf('Project 001'));
    const byNumber = await admin.get(`${list}${edition.id}`).expect(200);
    expect(byNumber.text.indexOf('Project 100')).toBeLessThan(byNumber.text.indexOf('Nog een concept'));
  });

  it('exports the selection as CSV with the answers in form order', async () => {
    const res = await bulk({ action: 'export', entryIds: ids(submitted.slice(0, 2)) });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = res.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(3);
    // The results' Dutch spreadsheet dialect: ';' between fields, every field quoted.
    expect(lines[0]).toMatch(
      /^"Inzendingsnummer";"Titel van het project";"Organisatie";"Categorie";"Status";"Toelating";"Labels";"Korte samenvatting";"Het probleem";.*;"Telefoonnummer contactpersoon";"Schaal"$/,
    );
    expect(lines[1]).toMatch(/^"2027-001";"Project 001";.*;"Regionaal"$/);
    expect((await bulk({ action: 'export', entryIds: [] })).status).toBe(422);
  });
});
