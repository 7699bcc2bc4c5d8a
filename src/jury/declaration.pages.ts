/** Pages of the jury declaration: the juror's page to read and accept it, the organiser's page to edit it. */
import type { AppContext } from '../context';
import type { Edition } from '../editions/edition.types';
import type { Lng } from '../i18n/i18n';
import { declarationText, defaultDeclarations, paragraphs } from './declaration';
import { findDeclarationTexts } from './declaration.repo';
import { listJurors } from './juror.repo';
import type { EditionJuror } from './jury.types';

type Deps = Pick<AppContext, 'db' | 'i18n'>;

/** The declaration as a juror reads it, in their language, and whether (when) they accepted it. */
export async function jurorDeclarationPage(
  deps: Deps,
  input: { edition: Edition; seat: EditionJuror; lng: Lng; next: string | null },
) {
  const texts = await findDeclarationTexts(deps.db, input.edition.id);
  const { text } = declarationText(texts, input.lng, defaultDeclarations(deps.i18n));
  return {
    edition: input.edition,
    paragraphs: paragraphs(text),
    acceptedAt: input.seat.declarationAcceptedAt,
    next: input.next,
  };
}

/** The organiser's page: the edition's texts (the defaults where it has none) and who accepted, when. */
export async function declarationAdminPage(deps: Deps, input: { edition: Edition }) {
  const [texts, jurors] = await Promise.all([
    findDeclarationTexts(deps.db, input.edition.id),
    listJurors(deps.db, input.edition.id),
  ]);
  const defaults = defaultDeclarations(deps.i18n);
  const active = jurors.filter((j) => !j.revokedAt);
  return {
    edition: input.edition,
    values: { textNl: texts.nl || defaults.nl, textEn: texts.en || defaults.en },
    custom: { nl: texts.nl !== '', en: texts.en !== '' },
    jurors: active,
    acceptedCount: active.filter((j) => j.declarationAcceptedAt).length,
  };
}
