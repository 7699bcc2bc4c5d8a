import { menuSection } from '../../../src/http/menu';

describe('the menu section of a page', () => {
  it('follows the path, the more specific prefixes first', () => {
    expect(menuSection('/admin')).toBe('admin');
    expect(menuSection('/admin/editions')).toBe('editions');
    expect(menuSection('/admin/editions/3/criteria')).toBe('editions');
    expect(menuSection('/admin/editions/3/results')).toBe('results');
    expect(menuSection('/admin/editions/3/announce')).toBe('results');
    expect(menuSection('/admin/editions/3/jury-report.pdf')).toBe('results');
    expect(menuSection('/admin/results')).toBe('results');
    expect(menuSection('/admin/entries/12')).toBe('entries');
    expect(menuSection('/admin/organisations/import')).toBe('organisations');
    expect(menuSection('/organisations/4')).toBe('organisations');
    expect(menuSection('/entries/1/edit')).toBe('myEntries');
    expect(menuSection('/jury/entries/1/score')).toBe('jury');
    expect(menuSection('/account')).toBe('account');
    expect(menuSection('/account/data')).toBeNull();
    expect(menuSection('/admin/entriesx')).toBeNull();
    expect(menuSection('/')).toBeNull();
  });
});
