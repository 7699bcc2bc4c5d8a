import fs from 'node:fs';
import path from 'node:path';
import { flattenKeys, loadCatalogues } from '../../../src/i18n/i18n';

const catalogues = loadCatalogues();
// Plural forms are one key for the code: "caption_one"/"caption_other" are used as t('caption', { count }).
const base = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');
const nlKeys = new Set(flattenKeys(catalogues.nl));
const enKeys = new Set(flattenKeys(catalogues.en));

function filesUnder(dir: string, ext: RegExp): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? filesUnder(p, ext) : ext.test(d.name) ? [p] : [];
  });
}

describe('message catalogues', () => {
  it('have the same keys in Dutch and English', () => {
    expect([...nlKeys].filter((k) => !enKeys.has(k))).toEqual([]);
    expect([...enKeys].filter((k) => !nlKeys.has(k))).toEqual([]);
  });

  it('have no empty messages', () => {
    for (const lng of ['nl', 'en'] as const) {
      const empty = flattenKeys(catalogues[lng]).filter((k) => {
        const value = k
          .split('.')
          .reduce<unknown>((o, part) => (o as Record<string, unknown>)[part], catalogues[lng]);
        return typeof value !== 'string' || value.trim() === '';
      });
      expect(empty).toEqual([]);
    }
  });

  it('contain every literal key the views and code ask for', () => {
    const root = path.join(__dirname, '../../..');
    const files = [
      ...filesUnder(path.join(root, 'views'), /\.ejs$/),
      ...filesUnder(path.join(root, 'src'), /\.ts$/),
    ];
    const used = new Set<string>();
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z][\w-]*(?:\.[\w-]+)+)'/g)) used.add(m[1]!);
      for (const m of text.matchAll(
        /'((?:common|auth|users|errors|mail|admin|home|editions|entries|jury|results|audit|privacy|organisations|registration|attachments)\.[\w.-]+)'/g,
      )) {
        if (!m[1]!.endsWith('.')) used.add(m[1]!);
      }
    }
    const known = new Set([...nlKeys].map(base));
    const prefixes = new Set(
      [...nlKeys].flatMap((k) => k.split('.').map((_, i, parts) => parts.slice(0, i + 1).join('.'))),
    );
    const missing = [...used].filter((k) => !known.has(k) && !prefixes.has(k)).sort();
    expect(missing).toEqual([]);
    expect(used.size).toBeGreaterThan(50);
  });
});
