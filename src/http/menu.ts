/**
 * Which item of the main menu a page belongs to, from its path: one table instead of URL patterns in the layout.
 * The first matching prefix wins, so the more specific ones come first.
 */
export type MenuSection =
  | 'admin'
  | 'editions'
  | 'results'
  | 'entries'
  | 'users'
  | 'organisations'
  | 'audit'
  | 'privacy'
  | 'myEntries'
  | 'jury'
  | 'account';

const SECTIONS: ReadonlyArray<[RegExp, MenuSection]> = [
  [/^\/admin\/results$/, 'results'],
  [/^\/admin\/editions\/\d+\/(results|announce|ceremony|scores\.csv|jury-report|vote|projector)/, 'results'],
  [/^\/admin\/editions(\/|$)/, 'editions'],
  [/^\/admin\/entries(\/|$)/, 'entries'],
  [/^\/admin\/users(\/|$)/, 'users'],
  [/^\/admin\/organisations(\/|$)/, 'organisations'],
  [/^\/organisations(\/|$)/, 'organisations'],
  [/^\/admin\/audit(\/|$)/, 'audit'],
  [/^\/admin\/privacy(\/|$)/, 'privacy'],
  [/^\/admin$/, 'admin'],
  [/^\/entries(\/|$)/, 'myEntries'],
  [/^\/jury(\/|$)/, 'jury'],
  [/^\/account$/, 'account'],
];

export function menuSection(path: string): MenuSection | null {
  return SECTIONS.find(([pattern]) => pattern.test(path))?.[1] ?? null;
}
