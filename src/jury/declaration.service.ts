/** The jury declaration: the organiser writes it per edition, each juror accepts it once (both audited). */
import type { AppContext } from '../context';
import { recordAudit } from '../audit/audit.repo';
import type { Edition } from '../editions/edition.types';
import type { Lng } from '../i18n/i18n';
import { inTransaction, ok, refuse, type Result } from '../shared/result';
import type { User } from '../users/user.types';
import { declarationText, defaultDeclarations } from './declaration';
import { findDeclarationTexts, saveDeclarationTexts } from './declaration.repo';
import { findMembership, updateMembership } from './juror.repo';

type Deps = Pick<AppContext, 'db' | 'clock' | 'i18n'>;

const defaults = (deps: Pick<Deps, 'i18n'>) => defaultDeclarations(deps.i18n);

/**
 * Saves the edition's declaration. A text equal to the default (or empty) is stored empty, so the edition keeps
 * following the default. Jurors who accepted an earlier text keep their acceptance, with the text they accepted.
 */
export async function saveDeclaration(
  deps: Deps,
  input: { actor: User; edition: Edition; nl: string; en: string },
): Promise<Result> {
  const now = deps.clock.now();
  const d = defaults(deps);
  const own = (text: string, lng: Lng) => (text.trim() === d[lng].trim() ? '' : text.trim());
  return inTransaction(deps.db, async (trx) => {
    const before = await findDeclarationTexts(trx, input.edition.id);
    const after = { nl: own(input.nl, 'nl'), en: own(input.en, 'en') };
    await saveDeclarationTexts(trx, { editionId: input.edition.id, ...after, actorId: input.actor.id, now });
    await recordAudit(trx, {
      actorUserId: input.actor.id,
      action: 'declaration.edit',
      subjectType: 'edition',
      subjectId: input.edition.id,
      before: { nl: before.nl, en: before.en },
      after,
      at: now,
    });
    return ok();
  });
}

/**
 * A juror accepts the declaration of an edition whose jury they sit on: once; the moment and the text they read
 * (in their language) are kept. Accepting again changes nothing.
 */
export async function acceptDeclaration(
  deps: Deps,
  input: { user: User; editionId: number; lng: Lng },
): Promise<Result> {
  const now = deps.clock.now();
  return inTransaction(deps.db, async (trx) => {
    const seat = await findMembership(trx, { editionId: input.editionId, userId: input.user.id });
    if (!seat || seat.revokedAt) return refuse('notFound', 'errors.404.message');
    if (seat.declarationAcceptedAt) return ok();
    const { text } = declarationText(
      await findDeclarationTexts(trx, input.editionId),
      input.lng,
      defaults(deps),
    );
    await updateMembership(trx, seat.id, { declarationAccepted: { at: now, text } }, now);
    await recordAudit(trx, {
      actorUserId: input.user.id,
      action: 'declaration.accept',
      subjectType: 'edition',
      subjectId: input.editionId,
      after: { jurorId: input.user.id, lng: input.lng },
      at: now,
    });
    return ok();
  });
}
