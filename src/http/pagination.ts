/**
 * Long lists in pages (GOV.UK pattern: previous, numbers with gaps, next). Pure: the route gives the list and the
 * raw `pagina` query value, the view gets the slice and the links to show.
 */
export const PER_PAGE = 50;

export interface Page<T> {
  items: T[];
  /** 1-based; a page number past the end shows the last page, anything unreadable the first. */
  page: number;
  pages: number;
  total: number;
  /** 1-based positions of the first and last item shown, for "1–50 van 497". */
  from: number;
  to: number;
  /** Page numbers to link, with null for a gap ("…"): first, last, and the current one with its neighbours. */
  links: Array<number | null>;
}

export function paginate<T>(all: readonly T[], rawPage: unknown, perPage = PER_PAGE): Page<T> {
  const pages = Math.max(1, Math.ceil(all.length / perPage));
  const asked = typeof rawPage === 'string' && /^\d{1,6}$/.test(rawPage) ? Number(rawPage) : 1;
  const page = Math.min(Math.max(asked, 1), pages);
  const start = (page - 1) * perPage;
  const items = all.slice(start, start + perPage);
  return {
    items,
    page,
    pages,
    total: all.length,
    from: items.length ? start + 1 : 0,
    to: start + items.length,
    links: pageLinks(page, pages),
  };
}

export function pageLinks(page: number, pages: number): Array<number | null> {
  const wanted = [...new Set([1, page - 1, page, page + 1, pages])]
    .filter((n) => n >= 1 && n <= pages)
    .sort((a, b) => a - b);
  const links: Array<number | null> = [];
  for (const n of wanted) {
    const previous = links[links.length - 1];
    if (typeof previous === 'number' && n - previous === 2) links.push(previous + 1);
    else if (typeof previous === 'number' && n - previous > 2) links.push(null);
    links.push(n);
  }
  return links;
}

/** The address of another page of the same list: the current query kept, `pagina` replaced (dropped for 1). */
export function pageHref(path: string, query: Record<string, unknown>, page: number): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (k !== 'pagina' && k !== 'notice' && typeof v === 'string' && v !== '') params.set(k, v);
  if (page > 1) params.set('pagina', String(page));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}
