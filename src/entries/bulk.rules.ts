/**
 * The organisers' list of many entries, free of HTTP and SQL: tags as they are stored, the actions on a selection,
 * and how the list is sorted.
 */

export const TAG_MAX = 40;
export const BULK_MAX = 1000;

/** A tag as stored: trimmed, spaces collapsed, lower case; null when empty or too long. */
export function normaliseTag(text: string): string | null {
  const tag = text.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
  return tag && tag.length <= TAG_MAX ? tag : null;
}

/** `message` leads to the message form for the entrants of the selection (messages/, group selectedEntries). */
export const BULK_ACTIONS = ['admit', 'ineligible', 'tag', 'untag', 'export', 'message'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

export const SORTS = ['number', 'title', 'organisation', 'status', 'updated'] as const;
export type EntrySort = (typeof SORTS)[number];

/** Sorts a copy of the list; ties keep entry-number order. */
export function sortEntries<
  E extends { number: number; title: string; organisationName: string; status: string; updatedAt: Date },
>(entries: readonly E[], sort: EntrySort): E[] {
  const byNumber = (a: E, b: E) => a.number - b.number;
  const compare: Record<EntrySort, (a: E, b: E) => number> = {
    number: byNumber,
    title: (a, b) => a.title.localeCompare(b.title, 'nl') || byNumber(a, b),
    organisation: (a, b) => a.organisationName.localeCompare(b.organisationName, 'nl') || byNumber(a, b),
    status: (a, b) => a.status.localeCompare(b.status) || byNumber(a, b),
    updated: (a, b) => b.updatedAt.getTime() - a.updatedAt.getTime() || byNumber(a, b),
  };
  return [...entries].sort(compare[sort]);
}
