import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { listCriteria } from '../../src/editions/edition.repo';
import type { Criterion, Edition, EditionSettings } from '../../src/editions/edition.types';
import type { Phase } from '../../src/editions/phase';
import { insertAttachment } from '../../src/attachments/attachment.repo';
import { findEntry, insertPartner, updateEntryFields } from '../../src/entries/entry.repo';
import type { Entry } from '../../src/entries/entry.types';
import { insertAssignments } from '../../src/jury/assignment.repo';
import { insertMembership, replaceTies } from '../../src/jury/juror.repo';
import type { JurorTie } from '../../src/jury/jury.types';
import { forcePhaseForTest } from './editions';
import { createEntrant, createEntry, createOpenEdition, type World } from './entries';
import { createOrganisation, createUser, type TestOrganisation, type TestUser } from './factories';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * An edition in the judging phase at the test clock's "now": submissions closed yesterday, scoring deadline in
 * 14 days, the default criteria (scale 1–10).
 */
export async function createJudgingEdition(
  t: World,
  settings: Partial<EditionSettings> & { phase?: Phase } = {},
): Promise<{ edition: Edition; criteria: Criterion[]; categoryId: number }> {
  const now = t.clock.now();
  const { edition, categories } = await createOpenEdition(t, {
    phase: 'judging',
    opensAt: new Date(now.getTime() - 60 * DAY_MS),
    closesAt: new Date(now.getTime() - DAY_MS),
    scoringDeadline: new Date(now.getTime() + 14 * DAY_MS),
    ...settings,
  });
  return { edition, criteria: await listCriteria(t.db, edition.id), categoryId: categories[0]!.id };
}

/** A submitted, admitted entry of a new (or given) organisation, optionally with partners. */
export async function createJuryEntry(
  t: World,
  input: {
    edition: Edition;
    categoryId: number;
    organisation?: TestOrganisation;
    title?: string;
    partnerIds?: number[];
    eligibility?: 'eligible' | 'pending' | 'ineligible';
  },
): Promise<{ entry: Entry; organisation: TestOrganisation; submitter: TestUser }> {
  const entrant = input.organisation
    ? {
        organisation: input.organisation,
        submitter: await createUser(t.db, {
          role: 'submitter',
          organisationId: input.organisation.id,
          emailVerifiedAt: t.clock.now(),
        }),
      }
    : await createEntrant(t);
  const entry = await createEntry(t, {
    edition: input.edition,
    organisationId: entrant.organisation.id,
    userId: entrant.submitter.id,
    title: input.title,
    categoryId: input.categoryId,
    status: 'submitted',
  });
  for (const partnerId of input.partnerIds ?? []) await insertPartner(t.db, entry.id, partnerId);
  await updateEntryFields(t.db, entry.id, { eligibility: input.eligibility ?? 'eligible' }, t.clock.now());
  return { entry: (await findEntry(t.db, entry.id))!, ...entrant };
}

/** A juror account (with a password, so it can log in) seated on the edition's jury, with employer and ties. */
export async function createJuror(
  t: World,
  input: {
    edition: Edition;
    name?: string;
    email?: string;
    employerId?: number | null;
    ties?: JurorTie[];
    invitedBy?: TestUser;
  },
): Promise<TestUser> {
  const user = await createUser(t.db, { role: 'juror', name: input.name, email: input.email });
  const invitedBy = input.invitedBy ?? (await createUser(t.db, { role: 'admin' }));
  const id = await insertMembership(t.db, {
    editionId: input.edition.id,
    userId: user.id,
    jobTitle: 'Directeur bedrijfsvoering',
    employerId: input.employerId ?? null,
    employerName: input.employerId ? '' : 'Universiteit Utrecht',
    invitedById: invitedBy.id,
    now: t.clock.now(),
  });
  await replaceTies(t.db, id, input.ties ?? []);
  // Seated jurors of most tests have accepted the jury declaration (declaration.test.ts covers the refusal).
  await t
    .db('edition_jurors')
    .where({ id })
    .update({ declaration_accepted_at: t.clock.now(), declaration_text: 'test' });
  return user;
}

export async function assign(t: World, edition: Edition, pairs: Array<[TestUser, Entry]>): Promise<void> {
  await insertAssignments(t.db, {
    editionId: edition.id,
    pairs: pairs.map(([juror, entry]) => ({ jurorId: juror.id, entryId: entry.id })),
    source: 'manual',
    now: t.clock.now(),
  });
}

export async function setPhase(t: World, edition: Edition, phase: Phase): Promise<void> {
  await forcePhaseForTest(t.db, edition.id, phase, t.clock.now());
}

/** A stored attachment: a small file under the upload folder and its row. */
export async function createAttachment(
  t: World & { config: { uploadDir: string } },
  input: { entry: Entry; originalName: string; content?: Buffer },
): Promise<number> {
  const content = input.content ?? Buffer.from('%PDF-1.4\n% test\n');
  const storedName = crypto.randomUUID();
  fs.mkdirSync(t.config.uploadDir, { recursive: true });
  fs.writeFileSync(path.join(t.config.uploadDir, storedName), content);
  return insertAttachment(t.db, {
    entryId: input.entry.id,
    originalName: input.originalName,
    storedName,
    fileType: 'pdf',
    mimeType: 'application/pdf',
    sizeBytes: content.length,
    sha256: crypto.createHash('sha256').update(content).digest('hex'),
    uploadedByUserId: null,
    createdAt: t.clock.now(),
  });
}

/** The scoring form as a juror's browser posts it: a score and a comment per criterion, and the motivation. */
export function scoreForm(
  criteria: Criterion[],
  values: Array<number | null>,
  extra: Record<string, string> = {},
): Record<string, string> {
  const body: Record<string, string> = {};
  criteria.forEach((c, i) => {
    const v = values[i];
    if (v !== null && v !== undefined) body[`score_${c.id}`] = String(v);
    body[`comment_${c.id}`] = '';
  });
  return { motivation: '', action: 'draft', ...body, ...extra };
}

export { createOrganisation };
