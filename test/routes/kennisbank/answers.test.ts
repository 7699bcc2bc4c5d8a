import request from 'supertest';
import type { Entry } from '../../../src/entries/entry.types';
import { insertQuestion, saveAnswers } from '../../../src/entries/question.repo';
import { DEFAULT_QUESTIONS } from '../../../src/entries/question.rules';
import type { AnswerValue, QuestionInput } from '../../../src/entries/question.types';
import { createEntry, createOpenEdition } from '../../helpers/entries';
import { createOrganisation, createUser } from '../../helpers/factories';
import { announceForTest, consentForTest } from '../../helpers/kennisbank';
import { makeTestApp, type TestApp } from '../../helpers/test-app';

/**
 * A project's public page shows the answers as its edition's form has them: every public question in form order
 * under the edition's label, the answer as every export writes it. Never a question hidden from jurors (in an edition
 * that is not even blind), never the contact's phone, the contact person only with the makers' consent.
 */
let t: TestApp;
let shared: Entry; // consented to being contacted
let quiet: Entry; // did not
const ids: Record<string, number> = {};

const question = (q: Partial<QuestionInput> & Pick<QuestionInput, 'type' | 'labelNl'>): QuestionInput => ({
  field: null,
  labelEn: '',
  helpNl: '',
  helpEn: '',
  required: false,
  hiddenFromJurors: false,
  settings: {},
  ...q,
});

beforeAll(async () => {
  t = await makeTestApp({ now: new Date('2027-11-01T10:00:00Z') });
  const { edition, categories } = await createOpenEdition(t, { year: 2027, blindJudging: false });
  const last = DEFAULT_QUESTIONS.length;
  // Same position as the third default question ("De vernieuwing"): it follows it (position, then id).
  ids.fte = await insertQuestion(
    t.db,
    edition.id,
    question({
      type: 'number',
      labelNl: 'Aantal FTE bespaard',
      labelEn: 'FTE saved',
      settings: { unit: 'FTE', decimals: 1 },
    }),
    3,
  );
  ids.alderman = await insertQuestion(
    t.db,
    edition.id,
    question({ type: 'short_text', labelNl: 'Naam wethouder', hiddenFromJurors: true }),
    last + 1,
  );
  ids.partners = await insertQuestion(
    t.db,
    edition.id,
    question({ type: 'organisations', labelNl: 'Samenwerkende organisaties', settings: { multiple: true } }),
    last + 2,
  );
  ids.before = await insertQuestion(
    t.db,
    edition.id,
    question({ type: 'yes_no', labelNl: 'Eerder bekroond?', labelEn: 'Awarded before?' }),
    last + 3,
  );
  ids.start = await insertQuestion(
    t.db,
    edition.id,
    question({ type: 'date', labelNl: 'Startdatum', labelEn: 'Start date' }),
    last + 4,
  );
  const utrecht = await createOrganisation(t.db, { name: 'Utrecht', type: 'gemeente' });
  const zeist = await createOrganisation(t.db, { name: 'Zeist', type: 'gemeente' });
  const ssc = await createOrganisation(t.db, { name: 'SSC Kromme Rijn', type: 'ssc' });
  const member = await createUser(t.db, { role: 'submitter', organisationId: utrecht.id });
  const make = (title: string) =>
    createEntry(t, {
      edition,
      organisationId: utrecht.id,
      userId: member.id,
      title,
      status: 'submitted',
      categoryId: categories[0]!.id,
    });
  shared = await make('Samen slimmer inkopen');
  quiet = await make('Stil project');
  for (const entry of [shared, quiet]) {
    await t
      .db('entries')
      .where({ id: entry.id })
      .update({ contact_name: 'Jan Jansen', contact_phone: '030 123 4567' });
    await saveAnswers(
      t.db,
      entry.id,
      new Map<number, AnswerValue>([
        [ids.fte, 2.5],
        [ids.alderman, 'Wethouder De Vries'],
        [ids.partners, [zeist.id, ssc.id]],
        [ids.before, false],
      ]),
    );
  }
  await consentForTest(t, { entry: shared, userId: member.id, showContact: true });
  await consentForTest(t, { entry: quiet, userId: member.id, showContact: false });
  await announceForTest(t, { edition, winner: shared });
});
afterAll(() => t.close());

/** The headings of the page's answers (and their lang attribute), in page order. */
const headings = (html: string) =>
  [...html.matchAll(/<h2 class="utrecht-heading-2"(?: lang="(\w+)")?>([^<]*)<\/h2>/g)].map((m) =>
    m[1] ? `${m[2]} [${m[1]}]` : m[2],
  );
/** The text under an answer's heading. */
const answer = (html: string, name: string) =>
  new RegExp(`<p [^>]*data-answer="${name}"[^>]*>([^<]*)</p>`).exec(html)?.[1];

describe('a project page shows the answers of its edition’s form', () => {
  it('in form order under the edition’s labels, public answers only, the contact person with consent', async () => {
    const res = await request(t.app).get(`/kennisbank/${shared.id}`).expect(200);
    expect(headings(res.text)).toEqual([
      'Korte samenvatting',
      'Het probleem',
      'De vernieuwing',
      'Aantal FTE bespaard',
      'Resultaat: efficiëntie',
      'Resultaat: effectiviteit',
      'Overdraagbaarheid naar andere organisaties',
      'Contactpersoon',
      'Samenwerkende organisaties',
      'Eerder bekroond?',
    ]);
    expect(answer(res.text, `q${ids.fte}`)).toBe('2,5 FTE');
    expect(answer(res.text, 'contactName')).toBe('Jan Jansen');
    // Organisations from the register by name; a "no" reads as the exports write it.
    expect(answer(res.text, `q${ids.partners}`)).toBe('Zeist, SSC Kromme Rijn');
    expect(answer(res.text, `q${ids.before}`)).toBe('Nee');
    expect(res.text).toMatch(/<p [^>]*data-answer="summary" itemprop="abstract"/);
    // Hidden from jurors: never public. The phone: never. Not answered: no empty heading.
    for (const secret of [
      'Naam wethouder',
      'Wethouder De Vries',
      '030 123 4567',
      'Telefoonnummer',
      'Startdatum',
    ])
      expect(res.text).not.toContain(secret);
  });

  it('leaves out the contact person when the makers did not consent to being contacted', async () => {
    const res = await request(t.app).get(`/kennisbank/${quiet.id}`).expect(200);
    expect(res.text).not.toContain('Jan Jansen');
    expect(headings(res.text)).not.toContain('Contactpersoon');
    expect(answer(res.text, `q${ids.fte}`)).toBe('2,5 FTE');
    expect(res.text).not.toContain('Wethouder De Vries');
    expect(res.text).not.toContain('030 123 4567');
  });

  it('in English: the English labels, Dutch-only labels and the makers’ texts marked lang="nl"', async () => {
    const res = await request(t.app).get(`/kennisbank/${shared.id}`).set('Accept-Language', 'en').expect(200);
    expect(res.text).toMatch(/<html[^>]* lang="en"/);
    expect(headings(res.text)).toEqual([
      'Short summary',
      'The problem',
      'The innovation',
      'FTE saved',
      'Result: efficiency',
      'Result: effectiveness',
      'Transferability to other organisations',
      'Contact person',
      'Samenwerkende organisaties [nl]',
      'Awarded before?',
    ]);
    expect(answer(res.text, `q${ids.fte}`)).toBe('2.5 FTE');
    expect(answer(res.text, `q${ids.before}`)).toBe('No');
    expect(res.text).toMatch(/<p [^>]*data-answer="problem"[^>]* lang="nl">/);
    expect(res.text).not.toMatch(/<p [^>]*data-answer="q\d+"[^>]* lang="nl">/);
    expect(res.text).not.toContain('Wethouder De Vries');
  });
});
