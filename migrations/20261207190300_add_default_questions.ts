import type { Knex } from 'knex';

/**
 * Every edition made before questions could be composed gets the form it had: the eight questions after title and
 * category, each stored in the entry column it always used, so no answer moves and none is lost. A copy of the
 * default set in src/entries/question.rules.ts (migrations never import app code); an edition that already has
 * questions is left alone.
 */
const DEFAULT_SET: Array<{
  field: string;
  type: string;
  labelNl: string;
  labelEn: string;
  helpNl: string;
  helpEn: string;
  hidden: boolean;
  settings: Record<string, number>;
}> = [
  {
    field: 'summary',
    type: 'long_text',
    labelNl: 'Korte samenvatting',
    labelEn: 'Short summary',
    helpNl: 'Maximaal 100 woorden. Deze tekst kan openbaar worden als het project genomineerd wordt.',
    helpEn: 'At most 100 words. This text may be published if the project is nominated.',
    hidden: false,
    settings: { maxChars: 1000, maxWords: 100 },
  },
  {
    field: 'problem',
    type: 'long_text',
    labelNl: 'Het probleem',
    labelEn: 'The problem',
    helpNl: 'Welk probleem loste uw organisatie op? Voor wie was het een probleem?',
    helpEn: 'Which problem did your organisation solve? For whom was it a problem?',
    hidden: false,
    settings: { maxChars: 5000 },
  },
  {
    field: 'innovation',
    type: 'long_text',
    labelNl: 'De vernieuwing',
    labelEn: 'The innovation',
    helpNl: 'Wat deed u anders dan gebruikelijk? Wat is er nieuw aan?',
    helpEn: 'What did you do differently from the usual? What is new about it?',
    hidden: false,
    settings: { maxChars: 5000 },
  },
  {
    field: 'resultsEfficiency',
    type: 'long_text',
    labelNl: 'Resultaat: efficiëntie',
    labelEn: 'Result: efficiency',
    helpNl: 'Wat leverde het op aan tijd en geld? Noem cijfers als u die heeft.',
    helpEn: 'What did it save in time and money? Give figures if you have them.',
    hidden: false,
    settings: { maxChars: 5000 },
  },
  {
    field: 'resultsEffectiveness',
    type: 'long_text',
    labelNl: 'Resultaat: effectiviteit',
    labelEn: 'Result: effectiveness',
    helpNl: 'Wat werd er beter voor inwoners en voor de organisatie? Noem cijfers als u die heeft.',
    helpEn: 'What improved for residents and for the organisation? Give figures if you have them.',
    hidden: false,
    settings: { maxChars: 5000 },
  },
  {
    field: 'transferability',
    type: 'long_text',
    labelNl: 'Overdraagbaarheid naar andere organisaties',
    labelEn: 'Transferability to other organisations',
    helpNl: "Kunnen andere gemeenten of SSC's dit overnemen? Wat hebben ze daarvoor nodig?",
    helpEn: 'Can other municipalities or SSCs adopt this? What would they need?',
    hidden: false,
    settings: { maxChars: 5000 },
  },
  {
    field: 'contactName',
    type: 'short_text',
    labelNl: 'Contactpersoon',
    labelEn: 'Contact person',
    helpNl: '',
    helpEn: '',
    hidden: true,
    settings: { maxChars: 200 },
  },
  {
    field: 'contactPhone',
    type: 'short_text',
    labelNl: 'Telefoonnummer contactpersoon',
    labelEn: "Contact person's phone number",
    helpNl: '',
    helpEn: '',
    hidden: true,
    settings: { maxChars: 40 },
  },
];

export async function up(knex: Knex): Promise<void> {
  const editions: Array<{ id: number }> = await knex('editions').select('id');
  const withQuestions = new Set(
    (await knex('entry_questions').distinct('edition_id')).map((r: { edition_id: number }) =>
      Number(r.edition_id),
    ),
  );
  for (const { id } of editions) {
    if (withQuestions.has(Number(id))) continue;
    await knex('entry_questions').insert(
      DEFAULT_SET.map((q, i) => ({
        edition_id: id,
        position: i + 1,
        type: q.type,
        field: q.field,
        label_nl: q.labelNl,
        label_en: q.labelEn,
        help_nl: q.helpNl,
        help_en: q.helpEn,
        required: true,
        hidden_from_jurors: q.hidden,
        settings: JSON.stringify(q.settings),
      })),
    );
  }
}

/** The answers never moved (they stay in the entries' columns), so going back only forgets the questions. */
export async function down(knex: Knex): Promise<void> {
  await knex('entry_questions').del();
}
