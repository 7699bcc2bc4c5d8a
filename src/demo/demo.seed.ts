import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { hashPassword } from '../auth/password';
import { insertReturningId } from '../db/db';
import { createEdition, defaultSettings } from '../editions/edition.service';
import { conflictKey, conflictMatrix, type Organisation } from '../jury/conflicts';
import { randomInt, seededRandom, shuffled } from '../jury/seeded-random';
import { insertUser } from '../users/user.repo';
import { assignBalanced } from '../jury/assignment';
import { jobTitle, personName, pick, projectTexts, projectTitle, regionName, tinyPdf } from './demo.data';

export interface DemoOptions {
  entries: number;
  jurors: number;
  criteria: number;
  seed: string;
  uploadDir: string;
  now: Date;
  /** Share of juror × entry pairs with a final score sheet (the rest stays a draft or untouched). */
  finalShare: number;
  /** Each entry gets this many jurors (balanced, conflicts respected); without it every juror scores every entry. */
  jurorsPerEntry?: number;
}

export interface DemoResult {
  editionId: number;
  admin: { email: string; password: string };
  jurors: Array<{ id: number; email: string }>;
  submitters: Array<{ id: number; email: string; organisationId: number }>;
  password: string;
  counts: Record<string, number>;
}

export const DEMO_PASSWORD = 'demo-wachtwoord-2027';

const DAY = 24 * 3600 * 1000;
const CHUNK = 400; // stays under SQLite's limit on bound parameters per statement

async function insertMany(trx: Knex.Transaction, table: string, rows: object[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await trx(table).insert(rows.slice(i, i + CHUNK));
}

/** Weights that add up to exactly 100 over n criteria (the first ones get the remainder). */
function evenWeights(n: number): number[] {
  const base = Math.floor(100 / n);
  return Array.from({ length: n }, (_, i) => base + (i < 100 - base * n ? 1 : 0));
}

/**
 * Fills an empty database with one realistic edition in the judging phase: organisations (gemeenten, SSCs with
 * owners, provinces), entrants with submitted entries and a small PDF each, jurors with ties to organisations
 * (so some conflicts arise the way they do in real life), every non-conflicted juror assigned to every entry,
 * and scores with per-juror leniency. A data tool like a migration: it writes tables directly, in batches, in
 * one transaction.
 */
export async function seedDemo(db: Knex, options: DemoOptions): Promise<DemoResult> {
  const random = seededRandom(options.seed);
  const now = options.now;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  fs.mkdirSync(options.uploadDir, { recursive: true });
  const written: string[] = [];

  try {
    return await db.transaction(async (trx) => {
      if (await trx('users').first())
        throw new Error('The database is not empty: seed:demo only fills a fresh database.');
      const adminEmail = 'organisator@demo.innovatieprijs.nl';
      const adminId = await insertUser(trx, {
        email: adminEmail,
        name: 'Olga Organisator',
        role: 'admin',
        passwordHash,
        now,
      });
      await trx('users').where({ id: adminId }).update({ email_verified_at: now });

      // Organisations: gemeenten and provinces from the register (real names, chosen by the seed), and SSCs owned
      // by 2–4 of those gemeenten (sometimes with a province), which the demo adds as an organiser would.
      const gemeenteCount = Math.max(6, Math.ceil(options.entries * 0.8));
      const orgs: Organisation[] = [];
      const orgNames = new Map<number, string>();
      const fromRegister = async (type: 'gemeente' | 'provincie', count: number) => {
        const rows: Array<{ id: number; name: string }> = await trx('organisations')
          .where({ type, status: 'active' })
          .orderBy('code')
          .select('id', 'name');
        const chosen = shuffled(rows, random).slice(0, count);
        for (const r of chosen) {
          orgs.push({ id: Number(r.id), type, ownerIds: [] });
          orgNames.set(Number(r.id), r.name);
        }
        return chosen.map((r) => Number(r.id));
      };
      const addOrg = async (name: string, type: Organisation['type']) => {
        const id = await insertReturningId(trx, 'organisations', {
          name,
          type,
          status: 'active',
          source: 'organiser',
          created_at: now,
          updated_at: now,
        });
        orgs.push({ id, type, ownerIds: [] });
        orgNames.set(id, name);
        return id;
      };
      const gemeenten = await fromRegister('gemeente', gemeenteCount);
      const provinces = await fromRegister('provincie', 4);
      const sscs: number[] = [];
      for (let i = 0; i < Math.max(2, Math.ceil(options.entries / 8)); i++) {
        const id = await addOrg(`SSC ${regionName(i)}`, 'ssc');
        const owners = new Set<number>();
        const ownerCount = 2 + randomInt(random, 3);
        while (owners.size < ownerCount) owners.add(pick(random, gemeenten));
        if (random() < 0.3) owners.add(pick(random, provinces));
        await insertMany(
          trx,
          'organisation_owners',
          [...owners].map((owner_id) => ({ ssc_id: id, owner_id })),
        );
        orgs.find((o) => o.id === id)!.ownerIds = [...owners];
        sscs.push(id);
      }

      // The edition, judging now: entries closed a week ago, scoring ends in three weeks.
      const year = Number(
        new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Europe/Amsterdam' }).format(now),
      );
      const created = await createEdition(
        { db: trx as unknown as Knex, clock: { now: () => now } },
        {
          actor: { id: adminId } as never,
          settings: {
            ...defaultSettings(year),
            introNl:
              'Laat zien hoe uw organisatie slimmer en beter werkt. De winnaar ontvangt € 2.500 en presenteert het project op de werkconferentie.',
            introEn:
              'Show how your organisation works smarter and better. The winner receives €2,500 and presents the project at the working conference.',
            rulesNl:
              'Inzenden kunnen gemeenten, shared service centers en provincies.\n\nDe jury beoordeelt elke inzending op de criteria hieronder.',
            opensAt: new Date(now.getTime() - 60 * DAY),
            closesAt: new Date(now.getTime() - 7 * DAY),
            scoringDeadline: new Date(now.getTime() + 21 * DAY),
            conferenceAt: new Date(now.getTime() + 35 * DAY),
            conferencePlace: 'Jaarbeurs, Utrecht',
          },
        },
      );
      // Creating an edition refuses nothing; a refusal here would be a bug in the seed.
      if (!created.ok) throw new Error(`Demo edition refused: ${created.errors[0]?.messageKey}`);
      const editionId = created.value;
      let criteria: Array<{ id: number; weight: number }> = await trx('criteria')
        .where({ edition_id: editionId })
        .orderBy('position');
      const wanted = Math.min(Math.max(options.criteria, 1), 10);
      if (criteria.length > wanted) {
        await trx('criteria')
          .whereIn(
            'id',
            criteria.slice(wanted).map((c) => c.id),
          )
          .del();
        // The default tie-break rule names the first criterion, which always stays.
      }
      for (let i = criteria.length; i < wanted; i++) {
        await trx('criteria').insert({
          edition_id: editionId,
          position: i + 1,
          name_nl: `Lef (${i + 1})`,
          name_en: `Courage (${i + 1})`,
          description_nl: 'Durfde de organisatie iets nieuws te proberen?',
          description_en: 'Did the organisation dare to try something new?',
          weight: 1,
        });
      }
      criteria = await trx('criteria').where({ edition_id: editionId }).orderBy('position');
      const weights = evenWeights(criteria.length);
      for (const [i, c] of criteria.entries())
        await trx('criteria').where({ id: c.id }).update({ weight: weights[i] });
      await trx('editions')
        .where({ id: editionId })
        .update({ phase: 'judging', is_current: true, criteria_locked_at: now });
      const categories: Array<{ id: number }> = await trx('categories').where({ edition_id: editionId });

      // Entrants and their entries: about one entry per organisation, some organisations enter twice.
      const entrantOrgs = [...gemeenten, ...sscs];
      const submitters: DemoResult['submitters'] = [];
      const submitterOf = new Map<number, number>();
      const entryRows: Array<{ id: number; organisationId: number; quality: number; partners: number[] }> =
        [];
      for (let n = 1; n <= options.entries; n++) {
        const organisationId = entrantOrgs[(n - 1) % entrantOrgs.length]!;
        let userId = submitterOf.get(organisationId);
        if (!userId) {
          const email = `inzender${submitters.length + 1}@demo.innovatieprijs.nl`;
          userId = await insertUser(trx, {
            email,
            name: personName(random),
            role: 'submitter',
            passwordHash,
            now,
          });
          await trx('users').where({ id: userId }).update({ email_verified_at: now });
          await trx('memberships').insert({
            organisation_id: organisationId,
            user_id: userId,
            status: 'active',
            via: 'organiser',
            requested_at: now,
            decided_at: now,
            decided_by_user_id: adminId,
          });
          submitters.push({ id: userId, email, organisationId });
          submitterOf.set(organisationId, userId);
        }
        const title = projectTitle(random, n);
        const texts = projectTexts(random, title, orgNames.get(organisationId)!);
        const partners = random() < 0.4 ? [pick(random, gemeenten)].filter((p) => p !== organisationId) : [];
        const id = await insertReturningId(trx, 'entries', {
          edition_id: editionId,
          number: n,
          organisation_id: organisationId,
          created_by_user_id: userId,
          category_id: pick(random, categories).id,
          title,
          summary: texts.summary,
          problem: texts.problem,
          innovation: texts.innovation,
          results_efficiency: texts.resultsEfficiency,
          results_effectiveness: texts.resultsEffectiveness,
          transferability: texts.transferability,
          contact_name: personName(random),
          contact_phone: `0${30 + randomInt(random, 60)} ${100 + randomInt(random, 900)} ${1000 + randomInt(random, 9000)}`,
          status: 'submitted',
          eligibility: 'eligible',
          submitted_at: new Date(now.getTime() - (8 + randomInt(random, 40)) * DAY),
          version: 1,
          created_at: new Date(now.getTime() - 50 * DAY),
          updated_at: new Date(now.getTime() - 8 * DAY),
        });
        // Four in five entrants agree to publish in the kennisbank (the one consent to publish, see publication.service.ts).
        if (random() < 0.8)
          await trx('entry_publications').insert({
            entry_id: id,
            consent: true,
            licence: random() < 0.7 ? 'cc-by' : 'all-rights-reserved',
            show_contact: random() < 0.5,
            decided_by_user_id: userId,
            decided_at: now,
            consented_at: now,
          });
        if (partners.length)
          await insertMany(
            trx,
            'entry_partners',
            partners.map((organisation_id) => ({ entry_id: id, organisation_id })),
          );
        const pdf = tinyPdf(`${title} - ${orgNames.get(organisationId)}`);
        const storedName = randomUUID(); // the same form as uploads: a bare UUID, never a user-chosen name
        fs.writeFileSync(path.join(options.uploadDir, storedName), pdf);
        written.push(storedName);
        await trx('attachments').insert({
          entry_id: id,
          original_name: `Projectplan ${title}.pdf`.slice(0, 255),
          stored_name: storedName,
          file_type: 'pdf',
          mime_type: 'application/pdf',
          size_bytes: pdf.length,
          sha256: createHash('sha256').update(pdf).digest('hex'),
          uploaded_by_user_id: userId,
          created_at: now,
        });
        entryRows.push({ id, organisationId, quality: 0.3 + random() * 0.6, partners });
      }

      // Jurors with an employer and sometimes an SSC membership: conflicts follow from these ties.
      const jurors: DemoResult['jurors'] = [];
      const jurorTies: Array<{
        jurorId: number;
        employerId: number | null;
        tiedOrgIds: number[];
        leniency: number;
      }> = [];
      for (let j = 1; j <= options.jurors; j++) {
        const email = `jurylid${j}@demo.innovatieprijs.nl`;
        const id = await insertUser(trx, {
          email,
          name: personName(random),
          role: 'juror',
          passwordHash,
          now,
        });
        await trx('users').where({ id }).update({ email_verified_at: now });
        const employerId = random() < 0.8 ? pick(random, [...gemeenten, ...provinces]) : null;
        const tiedOrgIds = random() < 0.3 ? [pick(random, sscs)] : [];
        const membershipId = await insertReturningId(trx, 'edition_jurors', {
          edition_id: editionId,
          user_id: id,
          job_title: jobTitle(random),
          employer_organisation_id: employerId,
          employer_name: employerId ? orgNames.get(employerId) : 'Onafhankelijk',
          invited_by_user_id: adminId,
          invited_at: new Date(now.getTime() - 30 * DAY),
          // The demo jury has scored, so it accepted the jury declaration (the default text) before.
          declaration_accepted_at: new Date(now.getTime() - 29 * DAY),
          declaration_text: '(demo)',
          created_at: now,
          updated_at: now,
        });
        if (tiedOrgIds.length)
          await insertMany(
            trx,
            'juror_ties',
            tiedOrgIds.map((organisation_id) => ({
              edition_juror_id: membershipId,
              organisation_id,
              kind: 'member',
            })),
          );
        jurors.push({ id, email });
        jurorTies.push({ jurorId: id, employerId, tiedOrgIds, leniency: (random() - 0.5) * 0.25 });
      }
      await trx('jury_settings').insert({
        edition_id: editionId,
        assignment_mode: options.jurorsPerEntry ? 'balanced' : 'all',
        jurors_per_entry: options.jurorsPerEntry ?? 3,
        assignment_seed: options.seed,
        generated_at: now,
        updated_at: now,
      });

      const conflicts = conflictMatrix({
        organisations: orgs,
        jurors: jurorTies,
        entries: entryRows.map((e) => ({
          entryId: e.id,
          entrantOrgId: e.organisationId,
          partnerOrgIds: e.partners,
        })),
      });
      const assignments: object[] = [];
      const sheets: object[] = [];
      const isConflicted = (jurorId: number, entryId: number) => conflicts.has(conflictKey(jurorId, entryId));
      const balanced = options.jurorsPerEntry
        ? new Set(
            assignBalanced({
              jurorIds: jurorTies.map((j) => j.jurorId),
              entryIds: entryRows.map((e) => e.id),
              perEntry: options.jurorsPerEntry,
              maxLoad: null,
              isConflicted,
              seed: options.seed,
            }).pairs.map((p) => conflictKey(p.jurorId, p.entryId)),
          )
        : null;
      for (const juror of jurorTies) {
        for (const entry of entryRows) {
          if (isConflicted(juror.jurorId, entry.id)) continue;
          if (balanced && !balanced.has(conflictKey(juror.jurorId, entry.id))) continue;
          assignments.push({
            edition_id: editionId,
            juror_user_id: juror.jurorId,
            entry_id: entry.id,
            source: options.jurorsPerEntry ? 'balanced' : 'all',
            created_at: now,
          });
          const done = random() < options.finalShare;
          sheets.push({
            edition_id: editionId,
            juror_user_id: juror.jurorId,
            entry_id: entry.id,
            status: done ? 'final' : 'draft',
            motivation: done
              ? 'Sterk project met duidelijke resultaten; goed over te nemen door andere organisaties.'
              : '',
            finalized_at: done ? now : null,
            version: 1,
            created_at: now,
            updated_at: now,
          });
        }
      }
      await insertMany(trx, 'assignments', assignments);
      await insertMany(trx, 'score_sheets', sheets);
      const sheetRows: Array<{ id: number; juror_user_id: number; entry_id: number }> = await trx(
        'score_sheets',
      )
        .where({ edition_id: editionId })
        .select('id', 'juror_user_id', 'entry_id');
      const quality = new Map(entryRows.map((e) => [e.id, e.quality]));
      const leniency = new Map(jurorTies.map((j) => [j.jurorId, j.leniency]));
      const edition = await trx('editions').where({ id: editionId }).first();
      const span = edition.scale_max - edition.scale_min;
      const scores: object[] = [];
      for (const sheet of sheetRows) {
        for (const criterion of criteria) {
          const level =
            quality.get(sheet.entry_id)! + leniency.get(sheet.juror_user_id)! + (random() - 0.5) * 0.3;
          const value = Math.min(
            edition.scale_max,
            Math.max(edition.scale_min, Math.round(edition.scale_min + level * span)),
          );
          scores.push({
            sheet_id: sheet.id,
            criterion_id: criterion.id,
            value,
            comment: random() < 0.1 ? 'Goed onderbouwd met cijfers.' : '',
            updated_at: now,
          });
        }
      }
      await insertMany(trx, 'scores', scores);

      return {
        editionId,
        admin: { email: adminEmail, password: DEMO_PASSWORD },
        jurors,
        submitters,
        password: DEMO_PASSWORD,
        counts: {
          organisations: orgs.length,
          entries: entryRows.length,
          jurors: jurors.length,
          criteria: criteria.length,
          conflicts: conflicts.size,
          assignments: assignments.length,
          sheets: sheets.length,
          scores: scores.length,
          attachments: written.length,
        },
      };
    });
  } catch (err) {
    // Nothing half-written: the transaction rolled back, so the files it wrote go too.
    for (const name of written) fs.rmSync(path.join(options.uploadDir, name), { force: true });
    throw err;
  }
}
