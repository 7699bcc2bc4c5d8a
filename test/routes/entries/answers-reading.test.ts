import { insertQuestion, saveAnswers } from '../../../src/entries/question.repo';
import { DEFAULT_QUESTIONS } from '../../../src/entries/question.rules';
import { loggedIn } from '../../helpers/agent';
import { createUser } from '../../helpers/factories';
import { assign, createJudgingEdition, createJuror, createJuryEntry } from '../../helpers/jury';
import { makeTestApp, type TestApp } from '../../helpers/test-app';

/**
 * Organisers and jurors read an entry's answers in the form's order; jurors of a blind edition do not get the
 * questions hidden from them (by default the contact person), organisers always get everything.
 */
let t: TestApp;
afterEach(() => t?.close());

async function setUp(blindJudging: boolean) {
  t = await makeTestApp({ now: new Date('2027-11-01T10:00:00Z') });
  const { edition, categoryId } = await createJudgingEdition(t, { blindJudging });
  const fte = await insertQuestion(
    t.db,
    edition.id,
    {
      type: 'number',
      field: null,
      labelNl: 'Aantal FTE bespaard',
      labelEn: 'FTE saved',
      helpNl: '',
      helpEn: '',
      required: false,
      hiddenFromJurors: false,
      settings: { unit: 'FTE', decimals: 1 },
    },
    // Same position as the third default question: it follows it (position, then id).
    3,
  );
  const secret = await insertQuestion(
    t.db,
    edition.id,
    {
      type: 'short_text',
      field: null,
      labelNl: 'Naam wethouder',
      labelEn: '',
      helpNl: '',
      helpEn: '',
      required: false,
      hiddenFromJurors: true,
      settings: {},
    },
    DEFAULT_QUESTIONS.length + 1,
  );
  const { entry } = await createJuryEntry(t, { edition, categoryId });
  await saveAnswers(
    t.db,
    entry.id,
    new Map<number, string | number>([
      [fte, 2.5],
      [secret, 'Wethouder De Vries'],
    ]),
  );
  const juror = await createJuror(t, { edition });
  await assign(t, edition, [[juror, entry]]);
  return {
    entry,
    juror: await loggedIn(t.app, juror),
    admin: await loggedIn(t.app, await createUser(t.db, { role: 'admin' })),
  };
}

/** The labels of the page's answers (dt in the jury's list, h3 on the organiser's page), in page order. */
const labels = (html: string) => [...html.matchAll(/<(?:dt|h3)[^>]*>([^<]*)<\/(?:dt|h3)>/g)].map((m) => m[1]);

it('a juror of a blind edition sees the answers in form order without the hidden ones; organisers see all', async () => {
  const { entry, juror, admin } = await setUp(true);
  const page = await juror.get(`/jury/entries/${entry.id}`).expect(200);
  expect(labels(page.text)).toEqual([
    'Categorie',
    'Korte samenvatting',
    'Het probleem',
    'De vernieuwing',
    'Aantal FTE bespaard',
    'Resultaat: efficiëntie',
    'Resultaat: effectiviteit',
    'Overdraagbaarheid naar andere organisaties',
  ]);
  expect(page.text).toContain('2,5 FTE');
  expect(page.text).not.toContain('Naam wethouder');
  expect(page.text).not.toContain('Wethouder De Vries');
  expect(page.text).not.toContain('030 123 4567');

  const adminPage = await admin.get(`/admin/entries/${entry.id}`).expect(200);
  expect(adminPage.text).toContain('2,5 FTE');
  expect(adminPage.text).toContain('Wethouder De Vries');
  expect(adminPage.text).toContain('030 123 4567');
  expect(labels(adminPage.text).filter((l) => l !== 'Partnerorganisaties')).toEqual(
    expect.arrayContaining(['Aantal FTE bespaard', 'Contactpersoon', 'Naam wethouder']),
  );
  const list = labels(adminPage.text);
  expect(list.indexOf('De vernieuwing') + 1).toBe(list.indexOf('Aantal FTE bespaard'));
  expect(list.indexOf('Telefoonnummer contactpersoon') + 1).toBe(list.indexOf('Naam wethouder'));
});

it('a juror of an open (not blind) edition sees every answer, the contact person too', async () => {
  const { entry, juror } = await setUp(false);
  const page = await juror.get(`/jury/entries/${entry.id}`).expect(200);
  expect(page.text).toContain('Wethouder De Vries');
  expect(page.text).toContain('030 123 4567');
});
