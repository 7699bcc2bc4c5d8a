import { pageHref, pageLinks, paginate } from '../../../src/http/pagination';

const list = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('paginate', () => {
  it('cuts a list in pages of fifty and says which part is shown', () => {
    const p = paginate(list(497), '2');
    expect(p.items[0]).toBe(51);
    expect(p.items).toHaveLength(50);
    expect([p.page, p.pages, p.total, p.from, p.to]).toEqual([2, 10, 497, 51, 100]);
    const last = paginate(list(497), '10');
    expect([last.items.length, last.from, last.to]).toEqual([47, 451, 497]);
  });

  it('reads a missing, unreadable or out-of-range page number as the nearest real page', () => {
    expect(paginate(list(120), undefined).page).toBe(1);
    expect(paginate(list(120), 'abc').page).toBe(1);
    expect(paginate(list(120), '-3').page).toBe(1);
    expect(paginate(list(120), '0').page).toBe(1);
    expect(paginate(list(120), '99').page).toBe(3);
    expect(paginate(list(120), ['2']).page).toBe(1);
    expect(paginate(list(120), '1'.repeat(40)).page).toBe(1);
  });

  it('has one empty page for an empty list', () => {
    const p = paginate([], '4');
    expect([p.page, p.pages, p.from, p.to, p.items.length]).toEqual([1, 1, 0, 0, 0]);
    expect(p.links).toEqual([1]);
  });
});

describe('pageLinks', () => {
  it('shows first, last and the neighbours of the current page, with gaps', () => {
    expect(pageLinks(1, 1)).toEqual([1]);
    expect(pageLinks(1, 3)).toEqual([1, 2, 3]);
    expect(pageLinks(1, 10)).toEqual([1, 2, null, 10]);
    expect(pageLinks(5, 10)).toEqual([1, null, 4, 5, 6, null, 10]);
    // A gap of one page shows that page instead of "…".
    expect(pageLinks(3, 10)).toEqual([1, 2, 3, 4, null, 10]);
    expect(pageLinks(10, 10)).toEqual([1, null, 9, 10]);
  });
});

describe('pageHref', () => {
  it('keeps the filter, replaces the page and drops page 1 and one-off notices', () => {
    expect(pageHref('/jury', { toon: 'te-doen', pagina: '3', notice: 'final' }, 2)).toBe(
      '/jury?toon=te-doen&pagina=2',
    );
    expect(pageHref('/jury', { toon: 'te-doen', pagina: '3' }, 1)).toBe('/jury?toon=te-doen');
    expect(pageHref('/jury', {}, 1)).toBe('/jury');
    expect(pageHref('/jury', { toon: ['a', 'b'] }, 2)).toBe('/jury?pagina=2');
  });
});
