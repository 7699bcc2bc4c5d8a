import crypto from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';

/** The query parameters public pages read (login's return address, the home page's "logged out" notice). */
const PAGE_QUERY_KEYS = new Set(['next', 'uitgelogd']);

interface CachedPage {
  generation: number;
  expires: number;
  headers: Array<[string, string]>;
  /** The page, ready to send; null when it has a form, whose CSRF token differs per visitor (see `parts`). */
  body: Buffer | null;
  /** The page cut at its CSRF token: each visitor gets their own token joined in. */
  parts: Buffer[];
  bytes: number;
  etag: string | undefined;
}

/**
 * Public pages as anonymous visitors see them (home, call, archive, statements, login form), kept in memory per
 * address and language. Like a reverse proxy in front of the app, but one that knows when to forget: every write
 * through the app empties it (the write counter), and nothing is kept longer than `seconds` or past the moment a
 * page says it changes by itself (`res.locals.pageExpires`, e.g. the submission deadline).
 *
 * Logged-in users (a session cookie) always get a fresh page. Forms keep working: the page is stored cut at its
 * CSRF token, and each visitor gets a token (and its cookie) of their own.
 */
export function createPageCache(options: {
  seconds: number;
  generation: () => number;
  sessionCookie: string;
  csrfToken: (req: Request, res: Response) => string;
  /** The app's clock, so `pageExpires` (computed from it) and the time limit are measured the same way. */
  now: () => Date;
  maxEntries?: number;
  maxBytes?: number;
}) {
  const pages = new Map<string, CachedPage>();
  const maxEntries = options.maxEntries ?? 200;
  const maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
  let bytes = 0;
  const keyOf = (req: Request) => `${req.lng} ${req.originalUrl}`;
  // Only addresses the pages themselves use: any other query (?utm=1, ?x=2, …) would let anyone fill the memory.
  const applies = (req: Request) =>
    options.seconds > 0 &&
    (req.method === 'GET' || req.method === 'HEAD') &&
    !(req.cookies as Record<string, string> | undefined)?.[options.sessionCookie] &&
    Object.keys(req.query as object).every((k) => PAGE_QUERY_KEYS.has(k));
  const forget = (key: string) => {
    bytes -= pages.get(key)?.bytes ?? 0;
    pages.delete(key);
  };

  /** Early in the chain (after language, before sessions): answers from memory when it can. */
  const serve: RequestHandler = (req, res, next) => {
    if (!applies(req)) return next();
    const page = pages.get(keyOf(req));
    if (!page || page.generation !== options.generation() || page.expires <= options.now().getTime())
      return next();
    for (const [name, value] of page.headers) res.setHeader(name, value);
    res.setHeader('X-Page-Cache', 'hit');
    if (page.etag) {
      res.setHeader('ETag', page.etag);
      if (req.headers['if-none-match'] === page.etag) return void res.status(304).end();
    }
    const body = page.body ?? joinAt(page.parts, Buffer.from(options.csrfToken(req, res)));
    res.statusCode = 200;
    res.setHeader('Content-Length', body.length);
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  /** On a route: offers this response to the cache. Only a plain 200 HTML page without other cookies is kept. */
  const store: RequestHandler = (req, res, next) => {
    if (!applies(req)) return next();
    const generation = options.generation(); // before the page is computed: a write meanwhile makes it stale
    const send = res.send.bind(res);
    res.send = (body?: unknown) => {
      const result = send(body);
      if (res.statusCode === 200 && typeof body === 'string') keep(req, res, body, generation);
      return result;
    };
    next();
  };

  function keep(req: Request, res: Response, body: string, generation: number) {
    const token = res.locals.csrfTokenValue as string | undefined;
    const cookies = ([] as string[]).concat((res.getHeader('set-cookie') as string[] | string) ?? []);
    // The only cookie a cached page may set is the CSRF one, which `serve` sets afresh for each visitor.
    if (cookies.some((c) => !token || !c.includes(token))) return;
    const pageExpires = (res.locals.pageExpires as Date | undefined)?.getTime() ?? Infinity;
    const now = options.now().getTime();
    const page: CachedPage = {
      generation,
      expires: Math.min(now + options.seconds * 1000, pageExpires),
      headers: ['content-type', 'content-language', 'cache-control'].flatMap((name) => {
        const value = res.getHeader(name);
        return value === undefined ? [] : [[name, String(value)] as [string, string]];
      }),
      body: token ? null : Buffer.from(body),
      parts: token ? body.split(token).map((part) => Buffer.from(part)) : [],
      bytes: Buffer.byteLength(body),
      etag: token ? undefined : `W/"${crypto.createHash('sha1').update(body).digest('base64url')}"`,
    };
    // Pages that can no longer be served go first, then the oldest, until there is room.
    for (const [k, p] of pages) if (p.generation !== options.generation() || p.expires <= now) forget(k);
    forget(keyOf(req));
    while (pages.size && (pages.size >= maxEntries || bytes + page.bytes > maxBytes))
      forget(pages.keys().next().value!);
    pages.set(keyOf(req), page);
    bytes += page.bytes;
  }

  return { serve, store };
}

/** The parts of a page with the visitor's token between them. */
function joinAt(parts: Buffer[], token: Buffer): Buffer {
  const pieces: Buffer[] = [];
  parts.forEach((part, i) => (i === 0 ? pieces.push(part) : pieces.push(token, part)));
  return Buffer.concat(pieces);
}
