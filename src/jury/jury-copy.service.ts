/** "Copy the jury of last year": the active jurors of one edition seated on another, as if added by hand. */
import type { AppContext } from '../context';
import type { Lng } from '../i18n/i18n';
import type { User } from '../users/user.types';
import { listJurors } from './juror.repo';
import { addJuror } from './juror.service';

type Deps = Pick<AppContext, 'db' | 'clock' | 'mailer' | 'config' | 'i18n'>;

/**
 * Seats every active juror of `fromEditionId` on `toEditionId` with the same job title, employer and ties. Each is
 * added like one added by hand (own transaction, audit, and the "added to the jury" mail or a new invitation); a
 * juror who cannot be added (meanwhile deactivated) is skipped. The declaration is accepted anew per edition.
 */
export async function copyJury(
  deps: Deps,
  input: { actor: User; fromEditionId: number; toEditionId: number; lng: Lng },
): Promise<{ copied: number; skipped: number }> {
  let copied = 0;
  let skipped = 0;
  for (const j of (await listJurors(deps.db, input.fromEditionId)).filter((s) => !s.revokedAt)) {
    const added = await addJuror(deps, {
      actor: input.actor,
      editionId: input.toEditionId,
      name: j.name,
      email: j.email,
      details: { jobTitle: j.jobTitle, employerId: j.employerId, employerName: j.employerName, ties: j.ties },
      lng: input.lng,
    });
    if (added.ok) copied += 1;
    else skipped += 1;
  }
  return { copied, skipped };
}
