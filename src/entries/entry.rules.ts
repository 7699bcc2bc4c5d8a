/**
 * The rules of an entry's life, free of HTTP and SQL: which states exist, what may happen in each, and what
 * must be filled in before an entry can be submitted. The entry service is the only caller that changes state.
 */

export const ENTRY_STATUSES = ['draft', 'submitted', 'withdrawn'] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

export const ELIGIBILITIES = ['pending', 'eligible', 'ineligible'] as const;
export type Eligibility = (typeof ELIGIBILITIES)[number];

/** The text fields of an entry with their maximum length in characters. */
export const TEXT_LIMITS = {
  title: 200,
  summary: 1000,
  problem: 5000,
  innovation: 5000,
  resultsEfficiency: 5000,
  resultsEffectiveness: 5000,
  transferability: 5000,
  contactName: 200,
  contactPhone: 40,
} as const;
export type EntryTextField = keyof typeof TEXT_LIMITS;

/** The public summary is short enough to read aloud on stage. */
export const SUMMARY_MAX_WORDS = 100;

/** The entry form's fields in the order the form shows them (error summaries follow it). */
export const FORM_ORDER: readonly (EntryTextField | 'categoryId')[] = [
  'title',
  'categoryId',
  'summary',
  'problem',
  'innovation',
  'resultsEfficiency',
  'resultsEffectiveness',
  'transferability',
  'contactName',
  'contactPhone',
];

/** Every field is needed to submit (partners are optional, and chosen on their own page); a draft may be saved with anything missing. */
export const REQUIRED_TO_SUBMIT = FORM_ORDER;

export function countWords(text: string): number {
  const words = text.trim().match(/\S+/g);
  return words ? words.length : 0;
}

export type EntryContent = Record<EntryTextField, string> & { categoryId: number | null };

/** Fields still empty that must be filled before submitting, in form order. */
export function missingForSubmit(entry: EntryContent): Array<EntryTextField | 'categoryId'> {
  return REQUIRED_TO_SUBMIT.filter((f) =>
    f === 'categoryId' ? entry.categoryId === null : entry[f].trim() === '',
  );
}

/** Where the edition stands for entrants; comes from the edition's phase and dates at this moment. */
export interface EditionWindow {
  /** Published and before the deadline: drafts may be written and changed. */
  editable: boolean;
  /** Also past the opening date: entries may be submitted. */
  accepting: boolean;
}

export type EntryAction = 'edit' | 'submit' | 'withdraw' | 'reopen';
export type ActionRefusal =
  | 'deadline_passed'
  | 'not_open_yet'
  | 'withdrawn'
  | 'already_submitted'
  | 'not_submitted_or_draft'
  | 'not_withdrawn'
  | 'email_not_verified'
  | 'incomplete'
  | 'no_organisation'
  | 'organisation_not_eligible'
  | 'one_entry_only';

/**
 * Whether an action is allowed now. After the deadline everything is read-only; a withdrawn entry can only be
 * taken back into draft (before the deadline); submitting needs the window open, a verified e-mail address and
 * all required fields.
 */
export function checkAction(input: {
  action: EntryAction;
  status: EntryStatus;
  window: EditionWindow;
  emailVerified?: boolean;
  missing?: readonly string[];
}): { ok: true } | { ok: false; reason: ActionRefusal } {
  const { action, status, window } = input;
  if (!window.editable) return { ok: false, reason: 'deadline_passed' };
  switch (action) {
    case 'edit':
      return status === 'withdrawn' ? { ok: false, reason: 'withdrawn' } : { ok: true };
    case 'submit':
      if (status === 'withdrawn') return { ok: false, reason: 'withdrawn' };
      if (status === 'submitted') return { ok: false, reason: 'already_submitted' };
      if (!window.accepting) return { ok: false, reason: 'not_open_yet' };
      if (!input.emailVerified) return { ok: false, reason: 'email_not_verified' };
      if (input.missing && input.missing.length > 0) return { ok: false, reason: 'incomplete' };
      return { ok: true };
    case 'withdraw':
      return status === 'withdrawn' ? { ok: false, reason: 'not_submitted_or_draft' } : { ok: true };
    case 'reopen':
      return status === 'withdrawn' ? { ok: true } : { ok: false, reason: 'not_withdrawn' };
  }
}

/** Catalogue key for a refusal, shown to the entrant. */
export const refusalKey = (reason: ActionRefusal) => `entries.refusals.${reason}` as const;
