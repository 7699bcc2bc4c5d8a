/** Messages organisers write to a group: the groups, and the placeholders filled in per person. Pure. */

/** The groups chosen on the message form. */
export const MESSAGE_GROUPS = ['jurors', 'unfinishedJurors', 'entrants', 'nominees'] as const;
export type MessageGroup = (typeof MESSAGE_GROUPS)[number];

/**
 * Every group a message can go to: the form's groups, and the entrants of the entries ticked in the organisers' list
 * (`selectedEntries`, carried by the entries' ids from the list through the preview to the sending).
 */
export const RECIPIENT_GROUPS = [...MESSAGE_GROUPS, 'selectedEntries'] as const;
export type RecipientGroup = (typeof RECIPIENT_GROUPS)[number];

type Field = 'name' | 'edition' | 'entries';

/** Placeholders in Dutch and English; each person's own values are filled in. */
const PLACEHOLDERS: Record<string, Field> = {
  naam: 'name',
  name: 'name',
  editie: 'edition',
  edition: 'edition',
  inzending: 'entries',
  entry: 'entries',
};

/**
 * The fields a group's messages can fill in. Only a message to selected entries knows which entries each person is
 * written to about ({inzending}: their organisation's entries in the selection, "2027-004 Title", comma-separated).
 */
export function placeholderFields(group: RecipientGroup): readonly Field[] {
  return group === 'selectedEntries' ? ['name', 'edition', 'entries'] : ['name', 'edition'];
}

export interface PlaceholderValues {
  name: string;
  edition: string;
  entries?: string;
}

/** Replaces {naam}/{name}, {editie}/{edition} and {inzending}/{entry}; any other {word} stays as written. */
export function fillPlaceholders(text: string, values: PlaceholderValues): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const field = PLACEHOLDERS[key.toLowerCase()];
    const value = field ? values[field] : undefined;
    return value ?? whole;
  });
}

/** Placeholders the text uses that nobody in this group fills in, so the organiser can fix a typo before sending. */
export function unknownPlaceholders(text: string, group: RecipientGroup): string[] {
  const known = placeholderFields(group);
  return [
    ...new Set(
      [...text.matchAll(/\{(\w+)\}/g)]
        .map((m) => m[1]!)
        .filter((k) => {
          const field = PLACEHOLDERS[k.toLowerCase()];
          return !field || !known.includes(field);
        }),
    ),
  ];
}
