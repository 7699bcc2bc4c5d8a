/** A message from the organisers to a group of an edition: one mail per person, each with their own name filled in. */
import type { AppContext } from '../context';
import { recordAudit } from '../audit/audit.repo';
import type { Edition } from '../editions/edition.types';
import { loadOverview, progress } from '../jury/jury.overview';
import type { Recipient } from '../mail/notify';
import { organisationRecipients } from '../organisations/membership.service';
import { listEntrantRecipients, listEntriesByIds, listNominations } from '../results/results.repo';
import { inTransaction, invalid, ok, type Result } from '../shared/result';
import { findUsersByIds } from '../users/user.repo';
import type { User } from '../users/user.types';
import { fillPlaceholders, unknownPlaceholders, type MessageGroup } from './message';

type Deps = Pick<AppContext, 'db' | 'clock' | 'mailer'>;

/** The people of a group, one per address, with their language. */
export async function recipientsOf(
  deps: Pick<Deps, 'db'>,
  edition: Edition,
  group: MessageGroup,
): Promise<Recipient[]> {
  let people: Recipient[];
  if (group === 'jurors' || group === 'unfinishedJurors') {
    const overview = await loadOverview(deps.db, edition);
    const jurors =
      group === 'jurors'
        ? overview.jurors.filter((j) => !j.revokedAt && j.userActive)
        : progress(overview)
            .unfinished.map((u) => u.juror)
            .filter((j) => j.userActive);
    const users = new Map(
      (
        await findUsersByIds(
          deps.db,
          jurors.map((j) => j.userId),
        )
      ).map((u) => [u.id, u]),
    );
    people = jurors.map((j) => ({
      email: j.email,
      name: j.name,
      language: users.get(j.userId)?.language ?? null,
    }));
  } else if (group === 'entrants') {
    people = await listEntrantRecipients(deps.db, edition.id);
  } else {
    const nominees = (await listNominations(deps.db, edition.id)).filter((n) => n.kind === 'nominee');
    const entries = await listEntriesByIds(
      deps.db,
      edition.id,
      nominees.map((n) => n.entryId),
    );
    people = (await Promise.all(entries.map((e) => organisationRecipients(deps, e.organisationId)))).flat();
  }
  const seen = new Set<string>();
  return people.filter((p) => !seen.has(p.email.toLowerCase()) && Boolean(seen.add(p.email.toLowerCase())));
}

export interface MessageDraft {
  group: MessageGroup;
  subject: string;
  body: string;
}

/** The preview: who gets it, and the mail as the first of them will read it. Refused when a placeholder is unknown. */
export async function previewMessage(
  deps: Pick<Deps, 'db'>,
  input: { edition: Edition; draft: MessageDraft },
) {
  const unknown = unknownPlaceholders(`${input.draft.subject} ${input.draft.body}`);
  if (unknown.length)
    return invalid([
      {
        field: 'body',
        messageKey: 'messages.errors.unknownPlaceholder',
        params: { names: unknown.map((u) => `{${u}}`).join(', ') },
      },
    ]);
  const recipients = await recipientsOf(deps, input.edition, input.draft.group);
  if (recipients.length === 0) return invalid([{ field: 'group', messageKey: 'messages.errors.nobody' }]);
  const first = recipients[0]!;
  const values = { name: first.name, edition: input.edition.name };
  return ok({
    recipients,
    example: {
      to: first.email,
      subject: fillPlaceholders(input.draft.subject, values),
      body: fillPlaceholders(input.draft.body, values),
    },
  });
}

/** Sends the message, one mail per person through the outbox, after recording it in the audit log. */
export async function sendMessage(
  deps: Deps,
  input: { actor: User; edition: Edition; draft: MessageDraft },
): Promise<Result<{ sent: number }>> {
  const preview = await previewMessage(deps, input);
  if (!preview.ok) return preview;
  const now = deps.clock.now();
  const recipients = preview.value.recipients;
  const recorded = await inTransaction(deps.db, async (trx) => {
    await recordAudit(trx, {
      actorUserId: input.actor.id,
      action: 'message.send',
      subjectType: 'edition',
      subjectId: input.edition.id,
      after: { group: input.draft.group, subject: input.draft.subject, recipients: recipients.length },
      at: now,
    });
    return ok();
  });
  if (!recorded.ok) return recorded;
  for (const r of recipients) {
    const values = { name: r.name, edition: input.edition.name };
    await deps.mailer.send({
      to: r.email,
      template: `messages.${input.draft.group}`,
      subject: fillPlaceholders(input.draft.subject, values),
      text: fillPlaceholders(input.draft.body, values),
    });
  }
  return ok({ sent: recipients.length });
}
