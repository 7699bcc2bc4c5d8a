/**
 * The mails people expect at the moments of the prize, each sent once per edition (mailing.repo.ts claims it,
 * audited in the same transaction) and only after the moment itself committed:
 * - judging opens: each active juror, with their number of entries, the deadline and the link;
 * - the nominees: every member of each nominated organisation, told it is nominated, never who won;
 * - the winner: every member of the winning organisation, a personal mail, only once the result is announced.
 */
import type { TFunction } from 'i18next';
import type { AppContext } from '../context';
import { recordAudit } from '../audit/audit.repo';
import { findEdition } from '../editions/edition.repo';
import type { Edition } from '../editions/edition.types';
import { loadOverview } from '../jury/jury.overview';
import { mailEach, type Recipient } from '../mail/notify';
import { organisationRecipients } from '../organisations/membership.service';
import { findDecision, listEntriesByIds, listNominations } from '../results/results.repo';
import { inTransaction, ok, refuse, type Result } from '../shared/result';
import { formatDateTime } from '../shared/time';
import { findUsersByIds } from '../users/user.repo';
import type { User } from '../users/user.types';
import { claimMailing, type MailingKind } from './mailing.repo';
import { calendarAttachments } from '../calendar/calendar.pages';
import type { EventKind } from '../calendar/ics';

type Deps = Pick<AppContext, 'db' | 'clock' | 'mailer' | 'config' | 'i18n' | 'logger'>;

/** Moments of the edition as one calendar file for a mail, in the reader's language (none without dates). */
function calendarAttachment(
  deps: Pick<Deps, 'config' | 'clock'>,
  edition: Edition,
  t: TFunction,
  kinds: readonly EventKind[],
  name: string,
) {
  return calendarAttachments({
    edition,
    kinds,
    name,
    t,
    baseUrl: deps.config.baseUrl,
    now: deps.clock.now(),
  });
}

/** Claims the mailing and records who started it, in one transaction; null when it went out before. */
async function claim(
  deps: Deps,
  input: { edition: Edition; kind: MailingKind; actor: Pick<User, 'id'> | null; recipients: number },
): Promise<boolean> {
  const now = deps.clock.now();
  const claimed = await inTransaction(deps.db, async (trx) => {
    if (
      !(await claimMailing(trx, {
        editionId: input.edition.id,
        kind: input.kind,
        actorId: input.actor?.id ?? null,
        now,
      }))
    )
      return refuse('conflict', 'notifications.errors.alreadySent');
    await recordAudit(trx, {
      actorUserId: input.actor?.id ?? null,
      action: `mailing.${input.kind}`,
      subjectType: 'edition',
      subjectId: input.edition.id,
      after: { recipients: input.recipients },
      at: now,
    });
    return ok();
  });
  return claimed.ok;
}

/** Judging has opened (the phase moved to `judging`): each active juror hears how many entries wait for them. */
export async function mailJudgingOpens(
  deps: Deps,
  input: { actor: User; editionId: number },
): Promise<{ sent: number }> {
  const edition = await findEdition(deps.db, input.editionId);
  if (!edition || edition.phase !== 'judging') return { sent: 0 };
  const overview = await loadOverview(deps.db, edition);
  const jurors = overview.jurors.filter((j) => !j.revokedAt && j.userActive);
  if (!(await claim(deps, { edition, kind: 'judging_opens', actor: input.actor, recipients: jurors.length })))
    return { sent: 0 };
  const users = new Map(
    (
      await findUsersByIds(
        deps.db,
        jurors.map((j) => j.userId),
      )
    ).map((u) => [u.id, u]),
  );
  const count = new Map(
    jurors.map((j) => [
      j.email.toLowerCase(),
      overview.entries.filter(
        (e) => overview.isAssigned(j.userId, e.id) && !overview.conflicts.isConflicted(j.userId, e.id),
      ).length,
    ]),
  );
  const recipients: Recipient[] = jurors.map((j) => ({
    email: j.email,
    name: j.name,
    language: users.get(j.userId)?.language ?? null,
  }));
  await mailEach(deps, recipients, (t, r, lng) => ({
    template: 'notifications.mail.judgingOpens',
    // The scoring deadline and the conference, for the juror's calendar.
    attachments: calendarAttachment(deps, edition, t, ['jurering', 'conferentie'], 'jurering'),
    subject: t('notifications.mail.judgingOpens.subject', { edition: edition.name }),
    text: t('notifications.mail.judgingOpens.body', {
      name: r.name,
      edition: edition.name,
      count: count.get(r.email.toLowerCase()) ?? 0,
      deadline: edition.scoringDeadline
        ? formatDateTime(edition.scoringDeadline, lng)
        : t('jury.mail.noDeadline'),
      link: `${deps.config.baseUrl}/jury`,
    }),
  }));
  return { sent: recipients.length };
}

/**
 * Tells every member of each nominated organisation that its entry is nominated. The mail is the same for every
 * nominee, the winner included: it never says who won, nor that the decision was made.
 */
export async function mailNominees(
  deps: Deps,
  input: { actor: User; editionId: number },
): Promise<Result<{ sent: number }>> {
  const edition = await findEdition(deps.db, input.editionId);
  if (!edition) return refuse('notFound', 'errors.404.message');
  if (edition.phase === 'announced') return refuse('conflict', 'notifications.errors.alreadyAnnounced');
  const nominees = (await listNominations(deps.db, edition.id)).filter((n) => n.kind === 'nominee');
  if (nominees.length === 0) return refuse('conflict', 'notifications.errors.noNominees');
  const entries = await listEntriesByIds(
    deps.db,
    edition.id,
    nominees.map((n) => n.entryId),
  );
  const perEntry = await Promise.all(
    entries.map(async (entry) => ({
      entry,
      recipients: await organisationRecipients(deps, entry.organisationId),
    })),
  );
  const total = perEntry.reduce((n, p) => n + p.recipients.length, 0);
  if (!(await claim(deps, { edition, kind: 'nominees', actor: input.actor, recipients: total })))
    return refuse('conflict', 'notifications.errors.alreadySent');
  let sent = 0;
  for (const { entry, recipients } of perEntry) {
    await mailEach(deps, recipients, (t, r, lng) => ({
      template: 'notifications.mail.nominated',
      attachments: calendarAttachment(deps, edition, t, ['conferentie'], 'conferentie'),
      subject: t('notifications.mail.nominated.subject', { edition: edition.name }),
      text: t('notifications.mail.nominated.body', {
        name: r.name,
        edition: edition.name,
        title: entry.title,
        organisation: entry.organisationName,
        conference: edition.conferenceAt
          ? formatDateTime(edition.conferenceAt, lng)
          : t('notifications.mail.conferenceTbd'),
        place: edition.conferencePlace || '–',
      }),
    }));
    sent += recipients.length;
  }
  return ok({ sent });
}

/** After the announcement committed: a personal mail to every member of the winning organisation. */
export async function mailWinner(
  deps: Deps,
  input: { actor: User; editionId: number },
): Promise<{ sent: number }> {
  const edition = await findEdition(deps.db, input.editionId);
  const decision = edition ? await findDecision(deps.db, edition.id) : undefined;
  // The embargo: nothing before the result is public.
  if (!edition || edition.phase !== 'announced' || !decision?.announcedAt) return { sent: 0 };
  const [winner] = await listEntriesByIds(deps.db, edition.id, [decision.winnerEntryId]);
  if (!winner) return { sent: 0 };
  const recipients = await organisationRecipients(deps, winner.organisationId);
  if (!(await claim(deps, { edition, kind: 'winner', actor: input.actor, recipients: recipients.length })))
    return { sent: 0 };
  await mailEach(deps, recipients, (t, r) => ({
    template: 'notifications.mail.winner',
    subject: t('notifications.mail.winner.subject', { edition: edition.name }),
    text: t('notifications.mail.winner.body', {
      name: r.name,
      edition: edition.name,
      title: winner.title,
      organisation: winner.organisationName,
      motivation: decision.motivation,
      link: `${deps.config.baseUrl}/edities/${edition.year}/winnaar`,
    }),
  }));
  return { sent: recipients.length };
}
