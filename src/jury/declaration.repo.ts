import { toDateOrNull, type Row, type Queryable as Db } from '../db/db';

export interface DeclarationTexts {
  nl: string;
  en: string;
  updatedAt: Date | null;
}

/** The edition's own declaration texts ('' where the organiser kept the default). */
export async function findDeclarationTexts(db: Db, editionId: number): Promise<DeclarationTexts> {
  const row: Row | undefined = await db('jury_declarations').where({ edition_id: editionId }).first();
  return {
    nl: row ? String(row.text_nl) : '',
    en: row ? String(row.text_en) : '',
    updatedAt: row ? toDateOrNull(row.updated_at) : null,
  };
}

export async function saveDeclarationTexts(
  trx: Db,
  input: { editionId: number; nl: string; en: string; actorId: number; now: Date },
): Promise<void> {
  await trx('jury_declarations')
    .insert({
      edition_id: input.editionId,
      text_nl: input.nl,
      text_en: input.en,
      updated_by_user_id: input.actorId,
      updated_at: input.now,
    })
    .onConflict('edition_id')
    .merge(['text_nl', 'text_en', 'updated_by_user_id', 'updated_at']);
}
