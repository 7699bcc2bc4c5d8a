import { loggedIn, type Browser } from '../../helpers/agent';
import { createUser } from '../../helpers/factories';
import { pdfText, rankingFromPage } from '../../helpers/results-parse';
import {
  createRankedEntry,
  createResultsEdition,
  createSeatedJuror,
  writeSheet,
} from '../../helpers/results';
import { makeTestApp, type TestApp } from '../../helpers/test-app';
import type { Edition } from '../../../src/editions/edition.types';
import type { Entry } from '../../../src/entries/entry.types';

/**
 * With the caches on (as in production) the results page keeps its computed ranking and the report rendered
 * from it. Whatever is written through the app must show on the next view: here a nomination (its tag is part
 * of the kept report) and the choice of aggregation (another ranking, so another report).
 */
let t: TestApp;
let organiser: Browser;
let edition: Edition;
const entries: Entry[] = [];

beforeAll(async () => {
  t = await makeTestApp({ now: new Date('2027-11-20T10:00:00Z'), env: { CACHE_SECONDS: '60' } });
  const admin = await createUser(t.db, { role: 'admin' });
  organiser = await loggedIn(t.app, admin);
  const made = await createResultsEdition(t, { year: 2027 });
  edition = made.edition;
  const titles: Array<[string, string]> = [
    ['Slim inkopen', 'Gemeente Appeldorp'],
    ['Digitale balie', 'Gemeente Berkel'],
    ['Samen sterk – één loket', 'SSC Yıldız-Łęka'],
  ];
  for (const [title, org] of titles)
    entries.push(
      (await createRankedEntry(t, { edition, categoryId: made.categoryId, title, organisationName: org }))
        .entry,
    );
  const juror = await createSeatedJuror(t, { edition, name: 'Anna Aalders', invitedBy: admin });
  await writeSheet(t, { edition, criteria: made.criteria, juror, entry: entries[0]!, values: 8 });
  await writeSheet(t, { edition, criteria: made.criteria, juror, entry: entries[1]!, values: 6 });
  await writeSheet(t, { edition, criteria: made.criteria, juror, entry: entries[2]!, values: 4 });
});
afterAll(() => t?.close());

const page = () => `/admin/editions/${edition.id}/results`;

describe('the results page with its caches on', () => {
  it('shows a nomination made through the app at once, though the report is kept between views', async () => {
    const before = await organiser.get(page()).expect(200);
    expect(rankingFromPage(before.text).map((r) => r.rank)).toEqual([1, 2, 3]);
    expect(before.text).not.toContain('ip-tag--nominee');
    // Served again from what was kept: the same report.
    const again = await organiser.get(page()).expect(200);
    expect(again.text.slice(again.text.indexOf('id="method"'), again.text.indexOf('id="deliberation"'))).toBe(
      before.text.slice(before.text.indexOf('id="method"'), before.text.indexOf('id="deliberation"')),
    );
    const nominated = await organiser.submit(
      `${page()}/entries/${entries[1]!.id}`,
      `${page()}/entries/${entries[1]!.id}/nomination`,
      { kind: 'nominee' },
    );
    expect(nominated.status).toBe(303);
    const after = await organiser.get(page()).expect(200);
    const row = after.text.slice(after.text.indexOf(`data-entry-id="${entries[1]!.id}"`));
    expect(row.slice(0, row.indexOf('</tr>'))).toContain('ip-tag--nominee');
  });

  it('keeps a report per "show all", under the edition\'s fixed method', async () => {
    const mean = await organiser.get(page()).expect(200);
    const asked = await organiser.get(`${page()}?aggregation=borda`).expect(200);
    expect(mean.text).toContain('Berekening, vooraf vastgelegd: Gemiddelde.');
    expect(asked.text).toContain('Berekening, vooraf vastgelegd: Gemiddelde.');
    const all = await organiser.get(`${page()}?all=1`).expect(200);
    expect(rankingFromPage(all.text)).toHaveLength(3);
  });

  it('prints names outside Latin-1 in the jury report as they are written', async () => {
    const res = await organiser
      .get(`/admin/editions/${edition.id}/jury-report.pdf`)
      .buffer(true)
      .parse((response, callback) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => callback(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const text = pdfText(res.body as Buffer);
    expect(text).toContain('SSC Yıldız-Łęka');
    expect(text).toContain('Samen sterk – één loket');
  });
});
