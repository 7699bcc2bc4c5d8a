/**
 * What the results pages keep between requests (docs/ARCHITECTURE.md, "Caching and speed"): the computed results of
 * an edition, and the part of the results page that follows from a ranking alone (`_report.ejs`) as bytes. Built
 * once per app in the route factory; the page module (results.pages.ts) decides what goes into the report.
 */
import type { TFunction } from 'i18next';
import type { AppContext } from '../context';
import type { Edition } from '../editions/edition.types';
import { createDerivedCache } from '../http/derived-cache';
import type { Result } from '../shared/result';
import type { Lng } from '../shared/time';
import { editionResults, type EditionResults } from './results.service';

/** Where the kept report goes in the rendered page; replaced by its bytes when the page is sent (joinReport). */
export const REPORT_SLOT = '<!--results-report-->';

export interface ResultsCache {
  /**
   * The edition's results under its fixed rules, in this language. Requests arriving while they are computed wait
   * for that one computation.
   */
  results(input: { edition: Edition; t: TFunction; lng: Lng }): Promise<Result<EditionResults>>;
  /**
   * The report of a computed ranking as bytes, rendered by `render` the first time this ranking and `variant` are
   * asked for, and kept as long as the ranking is.
   */
  report(computed: EditionResults, variant: string, render: () => Promise<string>): Promise<Buffer>;
}

export function createResultsCache(
  deps: Pick<AppContext, 'db' | 'clock'> & { seconds: number; generation: () => number },
): ResultsCache {
  // Ranking 500 entries × 25 jurors takes ~100 ms; during deliberation the page is read far more than written,
  // so the computed results are reused until anything is written (or the cache's time passes).
  const computed = createDerivedCache<Result<EditionResults>>({
    now: () => deps.clock.now().getTime(),
    seconds: deps.seconds,
    generation: deps.generation,
    maxEntries: 6, // ~10 MB each at 500 × 25: a few editions in both languages
  });

  // Everything on the page that follows from the ranking alone (method, robustness, the two tables, the charts
  // with 12,500 formatted heat-map cells, exports) is rendered once per computed ranking and kept with it: it was
  // most of the page's cost, and the ranking itself is already kept until anything is written. Kept in a WeakMap
  // on the computed results, so a report goes when its ranking goes.
  const reports = new WeakMap<EditionResults, Map<string, Promise<Buffer>>>();

  return {
    results: (input) =>
      computed(`${input.edition.id}:${input.edition.version}:${input.lng}`, () =>
        editionResults(deps, input),
      ),
    report(of, variant, render) {
      const kept = reports.get(of) ?? new Map<string, Promise<Buffer>>();
      reports.set(of, kept);
      let bytes = kept.get(variant);
      if (!bytes) {
        // Kept as bytes: encoding 240 kB of text again for every response cost more than rendering the rest.
        bytes = render().then((html) => Buffer.from(html));
        kept.set(variant, bytes);
        // A failed rendering is not remembered.
        bytes.catch(() => kept.get(variant) === bytes && kept.delete(variant));
      }
      return bytes;
    },
  };
}

/** The page rendered around REPORT_SLOT, with the kept report's bytes in its place. */
export function joinReport(page: string, report: Buffer): Buffer {
  const at = page.indexOf(REPORT_SLOT);
  if (at < 0) return Buffer.from(page);
  return Buffer.concat([
    Buffer.from(page.slice(0, at)),
    report,
    Buffer.from(page.slice(at + REPORT_SLOT.length)),
  ]);
}
