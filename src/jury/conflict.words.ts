/**
 * Why a juror × entry pair is (or is not) a conflict, in sentences: the one wording of the conflict rule. The
 * conflicts pages (`_conflict-why.ejs`, through the view helper `conflictReasons`) and every results export use
 * it, so an export can never say "werkt bij de inzender" where the conflict table says the juror sits on its board.
 */
import type { TFunction } from 'i18next';
import { formatDate, type Lng } from '../shared/time';
import type { Organisation } from '../organisations/organisation.types';
import type { PairConflict } from './jury.types';

/** "Gemeente Utrecht", "SSC Kromme Rijn": an organisation as every page names it (the view helper orgLabel). */
export function organisationLabel(t: TFunction, organisation: Pick<Organisation, 'name' | 'type'>): string {
  return (t as unknown as (key: string, params: object) => string)(
    `organisations.displayName.${organisation.type}`,
    { name: organisation.name },
  );
}

export function conflictReasonLines({
  conflict,
  organisations,
  t,
  lng,
}: {
  conflict: PairConflict;
  organisations: ReadonlyMap<number, Pick<Organisation, 'name' | 'type'>>;
  t: TFunction;
  lng: Lng;
}): string[] {
  const orgOf = (id: number) => {
    const organisation = organisations.get(id);
    return organisation ? organisationLabel(t, organisation) : `#${id}`;
  };
  const lines = conflict.automatic.map((reason) =>
    t(`jury.conflicts.reasons.${reason.kind}`, {
      via: t(`jury.conflicts.via.${reason.via}`),
      jurorOrg: orgOf(reason.jurorOrgId),
      entryOrg: orgOf(reason.entryOrgId),
    }),
  );
  if (conflict.declared)
    lines.push(
      t('jury.conflicts.declaredBy', {
        date: formatDate(conflict.declared.createdAt, lng),
        reason: conflict.declared.reason,
      }),
    );
  if (conflict.organiser)
    lines.push(
      t(`jury.conflicts.decisions.${conflict.organiser.kind}`, {
        name: conflict.organiser.decidedByName || '',
        date: formatDate(conflict.organiser.createdAt, lng),
        reason: conflict.organiser.reason,
      }),
    );
  return lines;
}
