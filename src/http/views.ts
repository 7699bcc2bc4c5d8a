import fs from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';

type Locals = Record<string, unknown> & { layout?: string | false };
type Callback = (err: Error | null, html?: string) => void;

/** `include('relative/path'` or `include("relative/path"`: the only form the views use. */
const INCLUDE = /\binclude\(\s*(['"])([^'"]+)\1/g;

/**
 * Reads a view with its includes made absolute, so EJS finds them without asking the file system on every render
 * (it checks that a relative include exists each time it is called: 3 % of a form page). A missing include is an
 * error when the view is read, naming both files, instead of at the moment the include runs.
 */
export function loadView(file: string): string {
  const source = fs.readFileSync(file, 'utf8');
  return source.replace(INCLUDE, (_match, quote: string, target: string) => {
    if (path.isAbsolute(target)) return `include(${quote}${target}${quote}`;
    const resolved = path.resolve(path.dirname(file), path.extname(target) ? target : `${target}.ejs`);
    if (!fs.existsSync(resolved)) throw new Error(`${file} includes ${target}, which does not exist`);
    return `include(${quote}${resolved}${quote}`;
  });
}

function viewFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    if (d.isDirectory()) return viewFiles(full);
    return d.name.endsWith('.ejs') ? [full] : [];
  });
}

/**
 * The Express view engine: renders the view, then wraps it in views/layout/<layout>.ejs (default "main") as
 * `body`. A view sets its title and other layout values through its locals.
 *
 * In production (`cache`), every view is read and compiled once, when the app is built: a broken view stops the
 * start instead of a page, and no request reads or compiles a template. Otherwise each render reads the files
 * again, so an edited view shows at the next request.
 */
export function createViewEngine(viewsDir: string, cache: boolean) {
  // EJS reads every template through this hook (the module's one reader: all apps in a process share it).
  ejs.fileLoader = loadView as unknown as typeof ejs.fileLoader;
  const options = (filename: string) => ({ cache, filename, views: [viewsDir], async: false as const });
  if (cache) {
    for (const file of viewFiles(viewsDir)) {
      if (!ejs.cache.get(file)) ejs.cache.set(file, ejs.compile(loadView(file), options(file)));
    }
  }
  const render = (file: string, locals: object): string =>
    (ejs.cache.get(file) && cache ? ejs.cache.get(file)! : ejs.compile(loadView(file), options(file)))(
      locals,
    ) as string;
  return (file: string, locals: object, callback: Callback): void => {
    try {
      const options = locals as Locals;
      const body = render(file, options);
      if (options.layout === false) return callback(null, body);
      const layout = path.join(viewsDir, 'layout', `${options.layout ?? 'main'}.ejs`);
      callback(null, render(layout, { ...options, body }));
    } catch (err) {
      callback(err as Error);
    }
  };
}
