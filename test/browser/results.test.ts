import type { Page } from 'playwright-core';
import type { Edition } from '../../src/editions/edition.types';
import type { Entry } from '../../src/entries/entry.types';
import { checkPage, startBrowserWorld, type BrowserWorld } from '../helpers/browser';
import { createUser } from '../helpers/factories';
import { createRankedEntry, createResultsEdition, createSeatedJuror, writeSheet } from '../helpers/results';

let w: BrowserWorld;
let edition: Edition;
const entries: Entry[] = [];

const PASSWORD = 'een lang wachtwoord voor olga';

beforeAll(async () => {
  w = await startBrowserWorld();
  const t = w.t;
  const admin = await createUser(t.db, {
    role: 'admin',
    email: 'olga@example.nl',
    name: 'Olga Organisator',
    password: PASSWORD,
  });
  const created = await createResultsEdition(t, { name: 'Innovatieprijs Browsertest' });
  edition = created.edition;
  const { criteria, categoryId } = created;
  const projects: Array<[string, string]> = [
    ['Samen slimmer inkopen', 'Gemeente Appeldorp'],
    ['Digitale balie voor iedereen', 'Gemeente Berkel'],
    ['Robots in de buitendienst', 'SSC Centrum'],
    ['Groene daken op elk gemeentehuis', 'Gemeente Dalen'],
  ];
  for (const [title, organisationName] of projects) {
    entries.push(
      (
        await createRankedEntry(t, {
          edition,
          categoryId,
          title,
          organisationName,
          summary: `${title}: zo werkt het en dit levert het op.`,
        })
      ).entry,
    );
  }
  const jurors = [];
  for (const name of ['Anna Aalders', 'Bram Bos', 'Carla Claes', 'Daan Dijkstra']) {
    jurors.push(await createSeatedJuror(t, { edition, name, invitedBy: admin }));
  }
  // Rows: entries; columns: jurors; values on 0–10 for every criterion (one varies, so criteria differ).
  const scores = [
    [8, 7, 9, 8],
    [6, 9, 5, 7],
    [7, 8, 8, 6],
    [5, 4, 6, null],
  ];
  for (const [e, row] of scores.entries()) {
    for (const [j, value] of row.entries()) {
      if (value === null) continue;
      await writeSheet(t, {
        edition,
        criteria,
        juror: jurors[j]!,
        entry: entries[e]!,
        values: criteria.map((_, c) => Math.max(0, Math.min(10, value + (c === 0 ? 1 : c === 4 ? -1 : 0)))),
        motivation: `Toelichting van ${jurors[j]!.name.split(' ')[0]} bij project ${e + 1}.`,
      });
    }
  }
});
afterAll(() => w?.close());

/** Logs in through the form, in whichever language the page is. */
async function login(page: Page) {
  await page.goto('/login');
  await page.locator('#email').fill('olga@example.nl');
  await page.locator('#password').fill(PASSWORD);
  await page.locator('form[action="/login"] button[type="submit"]').click();
  await page.waitForURL('**/admin');
}

async function shortlist(page: Page, entry: Entry, choice: string) {
  await page.goto(`/admin/editions/${edition.id}/results/entries/${entry.id}`);
  await page.getByLabel(choice, { exact: true }).check();
  await page.getByRole('button', { name: 'Shortlist opslaan' }).click();
  await page.getByText('De shortlist is bijgewerkt.').waitFor();
}

/** The reveal fades in; axe would measure contrast half-way, so wait until it has finished. */
async function settled(page: Page): Promise<Page> {
  await page.evaluate('Promise.all(document.getAnimations().map((a) => a.finished))');
  return page;
}

const visibleStepHeading = (page: Page) => page.locator('[data-step-index]:not([hidden]) h1');

describe('results in a real browser', () => {
  it('the organiser goes from the scores to an announced winner, with the ceremony on the keyboard', async () => {
    const { page } = await w.newPage();
    await login(page);
    await page.goto(`/admin/editions/${edition.id}`);
    await page.getByRole('link', { name: 'Uitslag, juryberaad en exports' }).click();
    await page.getByRole('heading', { name: /Uitslag/, level: 1 }).waitFor();
    const firstRow = page.locator('#ranking-table tbody tr').first();
    expect(await firstRow.locator('[data-col="rank"]').textContent()).toBe('1');
    expect(await firstRow.locator('th').textContent()).toContain('Samen slimmer inkopen');
    expect(await page.locator('#robustness-verdict').getAttribute('data-verdict')).toBe('robust');
    await checkPage(page, 'nl-results');

    // The method is the edition's, fixed in advance: the page states it and offers no other for the record.
    expect(await page.locator('#fixed-method').textContent()).toContain(
      'Berekening, vooraf vastgelegd: Gemiddelde.',
    );
    expect(await page.locator('select[name="aggregation"]').count()).toBe(0);

    await page.locator('#ranking-table').getByRole('link', { name: 'Samen slimmer inkopen' }).click();
    await page.getByRole('heading', { name: 'Samen slimmer inkopen', level: 1 }).waitFor();
    await checkPage(page, 'nl-results-entry');
    await page.getByLabel('Wat de jury over deze inzending afsprak').fill('Unaniem: sterk en overdraagbaar.');
    await page.getByRole('button', { name: 'Notitie opslaan' }).click();
    await page.getByText('De notitie is opgeslagen.').waitFor();
    await shortlist(page, entries[0]!, 'Genomineerd');
    await shortlist(page, entries[2]!, 'Genomineerd');
    await shortlist(page, entries[1]!, 'Eervolle vermelding');

    // A decision without motivation is refused with an error summary (GOV.UK pattern).
    await page.goto(`/admin/editions/${edition.id}/results#deliberation`);
    await page.getByLabel(/Samen slimmer inkopen/).check();
    await page.getByRole('button', { name: 'Winnaar vastleggen' }).click();
    await page.getByRole('link', { name: 'Schrijf de motivering van de jury' }).waitFor();
    await checkPage(page, 'nl-results-decision-error');
    await page
      .getByLabel('Motivering van de jury')
      .fill('Samen slimmer inkopen laat zien hoe gemeenten samen sneller en beter inkopen.');
    await page.getByRole('button', { name: 'Winnaar vastleggen' }).click();
    await page.getByText('De winnaar is vastgelegd.').waitFor();
    await checkPage(page, 'nl-results-decided');

    // Ceremony mode: the keyboard reveals the nominees one by one, then the winner.
    await page.getByRole('link', { name: 'Ceremonie voor de beamer' }).click();
    await page.waitForURL(/\/ceremony/);
    expect(await visibleStepHeading(page).textContent()).toBe('De genomineerden');
    await checkPage(await settled(page), 'nl-ceremony-opening');
    await page.keyboard.press('ArrowRight');
    expect(await visibleStepHeading(page).textContent()).toBe('Eervolle vermeldingen');
    await page.keyboard.press('ArrowRight');
    expect(await visibleStepHeading(page).textContent()).toBe('Gemeente Appeldorp');
    expect(await page.getByText('Genomineerde 1 van 2').isVisible()).toBe(true);
    await checkPage(await settled(page), 'nl-ceremony-nominee');
    await page.keyboard.press('Space');
    expect(await visibleStepHeading(page).textContent()).toBe('SSC Centrum');
    await page.keyboard.press('ArrowLeft');
    expect(await visibleStepHeading(page).textContent()).toBe('Gemeente Appeldorp');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    expect(await visibleStepHeading(page).textContent()).toContain('En de winnaar is');
    await page.keyboard.press('ArrowRight');
    expect(await visibleStepHeading(page).textContent()).toBe('Gemeente Appeldorp');
    expect(await page.getByText('laat zien hoe gemeenten samen sneller').isVisible()).toBe(true);
    expect(page.url()).toMatch(/step=5$/);
    // The heading has the focus, so a screen reader reads the revealed step.
    expect(await page.evaluate('document.activeElement && document.activeElement.textContent')).toBe(
      'Gemeente Appeldorp',
    );
    await checkPage(await settled(page), 'nl-ceremony-winner');
    // Without JavaScript the same step is its own page.
    await page.reload();
    expect(await visibleStepHeading(page).textContent()).toBe('Gemeente Appeldorp');

    await page.getByRole('link', { name: 'Bekendmaken' }).click();
    await page.getByRole('heading', { name: /Uitslag bekendmaken/, level: 1 }).waitFor();
    await checkPage(page, 'nl-announce');
    await page.getByLabel(/Mail de uitslag naar alle inzenders/).check();
    await page.getByRole('button', { name: 'Uitslag nu bekendmaken' }).click();
    await page.getByText('De uitslag is bekendgemaakt en gemaild naar de inzenders.').waitFor();
    await checkPage(page, 'nl-results-announced');
    expect((await w.t.db('editions').where({ id: edition.id }).first()).phase).toBe('announced');

    const visitor = await w.newPage();
    await visitor.page.goto(`/edities/${edition.year}/winnaar`);
    await visitor.page.getByRole('heading', { name: 'Gemeente Appeldorp' }).waitFor();
    await checkPage(visitor.page, 'nl-winner-public');
    await visitor.page.goto(`/edities/${edition.year}`);
    await visitor.page.getByRole('link', { name: 'Bekijk de winnaar en de genomineerden' }).click();
    await visitor.page.waitForURL(/\/winnaar$/);
  });

  it('respects reduced motion in ceremony mode', async () => {
    const { page } = await w.newPage();
    await login(page);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(`/admin/editions/${edition.id}/ceremony?step=5`);
    const animationOfStep = () =>
      page.evaluate(
        "getComputedStyle(document.querySelector('[data-step-index]:not([hidden])')).animationName",
      );
    expect(await animationOfStep()).toBe('none');
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    await page.reload();
    expect(await animationOfStep()).toBe('ip-reveal');
  });

  it('reads well in English', async () => {
    const { page } = await w.newPage({ locale: 'en-GB' });
    await login(page);
    await page.goto(`/admin/editions/${edition.id}/results`);
    await page.getByRole('heading', { name: 'Ranking' }).waitFor();
    await checkPage(page, 'en-results');
    await page.goto(`/admin/editions/${edition.id}/results/entries/${entries[0]!.id}`);
    await checkPage(page, 'en-results-entry');
    await page.goto(`/admin/editions/${edition.id}/ceremony?step=5`);
    await checkPage(await settled(page), 'en-ceremony-winner');
    await page.goto(`/edities/${edition.year}/winnaar`);
    await checkPage(page, 'en-winner-public');
  });
});
