/** Messages organisers write to a group: the groups, and the placeholders filled in per person. Pure. */

export const MESSAGE_GROUPS = ['jurors', 'unfinishedJurors', 'entrants', 'nominees'] as const;
export type MessageGroup = (typeof MESSAGE_GROUPS)[number];

/** Placeholders in Dutch and English; each person's own values are filled in. */
const PLACEHOLDERS: Record<string, 'name' | 'edition'> = {
  naam: 'name',
  name: 'name',
  editie: 'edition',
  edition: 'edition',
};

/** Replaces {naam}/{name} and {editie}/{edition}; any other {word} stays as written. */
export function fillPlaceholders(text: string, values: { name: string; edition: string }): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const field = PLACEHOLDERS[key.toLowerCase()];
    return field ? values[field] : whole;
  });
}

/** Placeholders the text uses that nobody fills in, so the organiser can fix a typo before sending. */
export function unknownPlaceholders(text: string): string[] {
  return [
    ...new Set(
      [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).filter((k) => !PLACEHOLDERS[k.toLowerCase()]),
    ),
  ];
}
