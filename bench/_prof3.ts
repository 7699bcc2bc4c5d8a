import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { seed } from './kennisbank';
import { openDb } from '../src/db/db';
import { loadConfig } from '../src/config';
import { createLibrary, libraryPage } from '../src/kennisbank/kennisbank.pages';
import { applyLibrary, parseLibraryFilters } from '../src/kennisbank/kennisbank.rules';
import { searchTerms } from '../src/kennisbank/search-terms';
import { systemClock } from '../src/shared/clock';
(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kbprof-'));
  const f = path.join(dir, 'x.sqlite');
  await seed(f, path.join(dir, 'u'));
  const config = loadConfig({
    NODE_ENV: 'production',
    SESSION_SECRET: 'x'.repeat(40),
    SQLITE_FILE: f,
    UPLOAD_DIR: dir,
    BASE_URL: 'http://127.0.0.1',
  });
  const db = openDb(config);
  const deps = { db, config, clock: systemClock, writeGeneration: () => 1 };
  const library = createLibrary(deps);
  const t = (k: string) => k;
  const time = async (name: string, fn: () => Promise<unknown> | unknown) => {
    await fn();
    const t0 = performance.now();
    for (let i = 0; i < 50; i++) await fn();
    console.log(name, ((performance.now() - t0) / 50).toFixed(2), 'ms');
  };
  const items = await library.items();
  const hits = await library.search(searchTerms('facturen'));
  await time('items (kept)', () => library.items());
  await time('search (kept)', () => library.search(searchTerms('facturen')));
  await time('apply', () => applyLibrary(items, hits, parseLibraryFilters({ q: 'facturen' })));
  await time('libraryPage', () =>
    libraryPage(
      { ...deps, library },
      { filters: parseLibraryFilters({ q: 'facturen' }), rawPage: '', lng: 'nl', t },
    ),
  );
  await db.destroy();
})();
