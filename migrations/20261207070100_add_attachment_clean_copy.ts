import type { Knex } from 'knex';

/**
 * Blind judging: beside each attachment's original, a copy without document metadata (PDF info and XMP, Office
 * properties, EXIF) for jurors — made at upload in a blind edition, otherwise the first time a juror of a blind
 * edition asks for the file. Null until it exists. Organisers and the entrant always get the original.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('attachments', (t) => {
    t.string('clean_stored_name', 36).nullable().unique();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('attachments', (t) => {
    t.dropColumn('clean_stored_name');
  });
}
