/** A message from the organisers to a group of an edition: one mail per person, each with their own name filled in. */
import type { AppContext } from '../context';
import { recordAudit } from '../audit/audit.repo';
import type { Edition } from '../editions/edition.types';
import { loadOverview, progress } from '../jury/jury.overview';
import type { Recipient } from '../mail/notify';
import { organisationRecipients } from '../organisations/membership.service';
import { listEntrantRecipients, listEntriesByIds, listNominations } from '../results/results.repo';
import { BULK_MAX } from '../entries/bulk.rules';
import { entryNumber } from '../entries/entry.service';
import { inTransaction, invalid, ok, refuse, type Result } from '../shared/result';
import { findUsersByIds } from '../users/user.repo';
import type { User } from '../users/user.types';
import {
  fillPlaceholders,
  unknownPlaceholders,
  type PlaceholderValues,
  type RecipientGroup,
} from './message';

type Deps = Pick<AppContext, 'db' | 'clock' | 'mailer'>;

/** A person a message goes to; for a message to selected entries, also which of them it is about. */
export interface MessageRecipient extends Recipient {
  /** "2027-004 Title, 2027-009 Other title": their organisation's entries in the selection ('' for other groups). */
  entries: string;
}

/** An entry ticked in the organisers' list, as the message pages name it. */
export interface SelectedEntry {
  id: number;
  organisationId: number;
  label: string;
  organisationName: string;
}

/**
 * The entries ticked in the organisers' list, checked against the edition: at least one, at most BULK_MAX, and every
 * id an entry of this edition (any status: a message may ask entrants to finish a draft). Refused as a whole
 * otherwise, with a message for the selection.
 */
export async function selectedEntries(
  deps: Pick<Deps, 'db'>,
  input: { edition: Edition; entryIds: readonly number[] },
): Promise<Result<SelectedEntry[]>> {
  const ids = [...new Set(input.entryIds)];
  if (ids.length === 0) return refuse('invalid', 'entries.bulk.errors.noneSelected', { field: 'entryIds' });
  if (ids.length > BULK_MAX)
    return refuse('invalid', 'entries.bulk.errors.tooMany', { field: 'entryIds', params: { max: BULK_MAX } });
  const found = await listEntriesByIds(deps.db, input.edition.id, ids);
  if (found.length !== ids.length)
    return refuse('invalid', 'messages.errors.unknownEntries', { field: 'entryIds' });
  return ok(
    found
      .sort((a, b) => a.number - b.number)
      .map((e) => ({
        id: e.id,
        organisationId: e.organisationId,
        label: `${entryNumber(input.edition, e)} ${e.title}`.trim(),
        organisationName: e.organisationName,
      })),
  );
}

/** The people of a group, one per address, with their language; refused when a selection is not the edition's. */
export async function recipientsOf(
  deps: Pick<Deps, 'db'>,
  edition: Edition,
  draft: Pick<MessageDraft, 'group' | 'entryIds'>,
): Promise<Result<MessageRecipient[]>> {
  const { group } = draft;
  let people: MessageRecipient[];
  const plain = (list: Recipient[]) => list.map((p) => ({ ...p, entries: '' }));
  if (group === 'selectedEntries') {
    const selection = await selectedEntries(deps, { edition, entryIds: draft.entryIds });
    if (!selection.ok) return selection;
    // Every granted member of each selected entry's organisation, told about that organisation's entries.
    const byOrganisation = new Map<number, string[]>();
    for (const e of selection.value)
      byOrganisation.set(e.organisationId, [...(byOrganisation.get(e.organisationId) ?? []), e.label]);
    people = (
      await Promise.all(
        [...byOrganisation].map(async ([organisationId, labels]) =>
          (await organisationRecipients(deps, organisationId)).map((p) => ({
            ...p,
            entries: labels.join(', '),
          })),
        ),
      )
    ).flat();
  } else if (group === 'jurors' || group === 'unfinishedJurors') {
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
    people = plain(
      jurors.map((j) => ({
        email: j.email,
        name: j.name,
        language: users.get(j.userId)?.language ?? null,
      })),
    );
  } else if (group === 'entrants') {
    people = plain(await listEntrantRecipients(deps.db, edition.id));
  } else {
    const nominees = (await listNominations(deps.db, edition.id)).filter((n) => n.kind === 'nominee');
    const entries = await listEntriesByIds(
      deps.db,
      edition.id,
      nominees.map((n) => n.entryId),
    );
    people = plain(
      (await Promise.all(entries.map((e) => organisationRecipients(deps, e.organisationId)))).flat(),
    );
  }
  const seen = new Set<string>();
  return ok(
    people.filter((p) => !seen.has(p.email.toLowerCase()) && Boolean(seen.add(p.email.toLowerCase()))),
  );
}

/** What a person's mail fills in for the placeholders. */
const valuesFor = (edition: Edition, r: MessageRecipient): PlaceholderValues => ({
  name: r.name,
  edition: edition.name,
  entries: r.entries,
});

export interface MessageDraft {
  group: RecipientGroup;
  subject: string;
  body: string;
  /** The entries of a message to selected entries; ignored for the other groups. */
  entryIds: readonly number[];
}

/** The preview: who gets it, and the mail as the first of them will read it. Refused when a placeholder is unknown. */
export async function previewMessage(
  deps: Pick<Deps, 'db'>,
  input: { edition: Edition; draft: MessageDraft },
) {
  const unknown = unknownPlaceholders(`${input.draft.subject} ${input.draft.body}`, input.draft.group);
  if (unknown.length)
    return invalid([
      {
        field: 'body',
        messageKey:
          input.draft.group === 'selectedEntries'
            ? 'messages.errors.unknownPlaceholderEntries'
            : 'messages.errors.unknownPlaceholder',
        params: { names: unknown.map((u) => `{${u}}`).join(', ') },
      },
    ]);
  const found = await recipientsOf(deps, input.edition, input.draft);
  if (!found.ok) return found;
  const recipients = found.value;
  if (recipients.length === 0)
    return invalid([
      {
        field: input.draft.group === 'selectedEntries' ? 'entryIds' : 'group',
        messageKey: 'messages.errors.nobody',
      },
    ]);
  const first = recipients[0]!;
  const values = valuesFor(input.edition, first);
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
      after: {
        group: input.draft.group,
        subject: input.draft.subject,
        recipients: recipients.length,
        ...(input.draft.group === 'selectedEntries' ? { entryIds: [...input.draft.entryIds] } : {}),
      },
      at: now,
    });
    return ok();
  });
  if (!recorded.ok) return recorded;
  for (const r of recipients) {
    const values = valuesFor(input.edition, r);
    await deps.mailer.send({
      to: r.email,
      template: `messages.${input.draft.group}`,
      subject: fillPlaceholders(input.draft.subject, values),
      text: fillPlaceholders(input.draft.body, values),
    });
  }
  return ok({ sent: recipients.length });
}
