import path from 'node:path';
import ejs from 'ejs';
import { REFUSAL_STATUS, type Refusal } from '../shared/result';
import { HttpError } from './errors';

type Locals = Record<string, unknown> & { layout?: string | false };

/**
 * Express view engine: renders the view, then wraps it in views/layout/<layout>.ejs (default "main") as `body`.
 * A view sets its title and other layout values by passing them in the locals.
 */
export function ejsWithLayout(viewsDir: string, cache: boolean) {
  return (file: string, options: object, callback: (err: Error | null, html?: string) => void): void => {
    const locals = options as Locals;
    const ejsOptions = { cache, filename: file, views: [viewsDir], async: false };
    ejs
      .renderFile(file, locals, ejsOptions)
      .then((body) => {
        if (locals.layout === false) return body;
        const layout = path.join(viewsDir, 'layout', `${locals.layout ?? 'main'}.ejs`);
        return ejs.renderFile(layout, { ...locals, body }, { ...ejsOptions, filename: layout });
      })
      .then((html) => callback(null, html))
      .catch((err: Error) => callback(err));
  };
}

/** A service's refusal that is not a form to show again: 403, 404 or 409 with its message, for the error page. */
export function refusalToError(refusal: Refusal): HttpError {
  const first = refusal.errors[0];
  return new HttpError(REFUSAL_STATUS[refusal.refusal], first?.messageKey, first?.params ?? {});
}
