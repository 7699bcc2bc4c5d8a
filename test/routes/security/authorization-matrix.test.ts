import { listRoutes, type RouteInfo } from '../../../src/http/access';
import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { Browser } from '../../helpers/agent';
import { buildAccessWorld, concretePath, type AccessWorld } from '../../helpers/world';

/**
 * Every route × every kind of user, with the expected outcome. The list of routes comes from the app itself:
 * a route that is not in POLICY below fails the first test, so nobody adds a page without deciding who may use it.
 */
type Who = 'anonymous' | 'submitterA' | 'submitterB' | 'jurorAssigned' | 'jurorConflicted' | 'admin';
type Outcome = 'ok' | 'login' | 'forbidden' | 'notFound' | 'denied' | 'away';
const WHO: Who[] = ['anonymous', 'submitterA', 'submitterB', 'jurorAssigned', 'jurorConflicted', 'admin'];

const POLICIES: Record<string, Record<Who, Outcome>> = {
  public: {
    anonymous: 'ok',
    submitterA: 'ok',
    submitterB: 'ok',
    jurorAssigned: 'ok',
    jurorConflicted: 'ok',
    admin: 'ok',
  },
  anonymousOnly: {
    anonymous: 'ok',
    submitterA: 'away',
    submitterB: 'away',
    jurorAssigned: 'away',
    jurorConflicted: 'away',
    admin: 'away',
  },
  loggedIn: {
    anonymous: 'login',
    submitterA: 'ok',
    submitterB: 'ok',
    jurorAssigned: 'ok',
    jurorConflicted: 'ok',
    admin: 'ok',
  },
  admin: {
    anonymous: 'login',
    submitterA: 'forbidden',
    submitterB: 'forbidden',
    jurorAssigned: 'forbidden',
    jurorConflicted: 'forbidden',
    admin: 'ok',
  },
  submitter: {
    anonymous: 'login',
    submitterA: 'ok',
    submitterB: 'ok',
    jurorAssigned: 'forbidden',
    jurorConflicted: 'forbidden',
    admin: 'forbidden',
  },
  ownEntry: {
    anonymous: 'login',
    submitterA: 'ok',
    submitterB: 'notFound',
    jurorAssigned: 'forbidden',
    jurorConflicted: 'forbidden',
    admin: 'forbidden',
  },
  // An organisation's own pages: its granted members and organisers; nobody else learns it has any.
  ownOrganisation: {
    anonymous: 'login',
    submitterA: 'ok',
    submitterB: 'notFound',
    jurorAssigned: 'forbidden',
    jurorConflicted: 'forbidden',
    admin: 'ok',
  },
  juror: {
    anonymous: 'login',
    submitterA: 'forbidden',
    submitterB: 'forbidden',
    jurorAssigned: 'ok',
    jurorConflicted: 'ok',
    admin: 'forbidden',
  },
  jurorEntry: {
    anonymous: 'login',
    submitterA: 'forbidden',
    submitterB: 'forbidden',
    jurorAssigned: 'ok',
    jurorConflicted: 'denied',
    admin: 'forbidden',
  },
  attachment: {
    anonymous: 'login',
    submitterA: 'ok',
    submitterB: 'notFound',
    jurorAssigned: 'ok',
    jurorConflicted: 'denied',
    admin: 'ok',
  },
  // An entry's feedback letter while none is released (this world's edition is not announced): members of the entrant
  // organisation find nothing (404), as do members of other organisations; other roles may not ask (403).
  unreleasedFeedback: {
    anonymous: 'login',
    submitterA: 'notFound',
    submitterB: 'notFound',
    jurorAssigned: 'forbidden',
    jurorConflicted: 'forbidden',
    admin: 'forbidden',
  },
  // Results before the announcement: organisers only, and nobody else learns they exist.
  hidden: {
    anonymous: 'notFound',
    submitterA: 'notFound',
    submitterB: 'notFound',
    jurorAssigned: 'notFound',
    jurorConflicted: 'notFound',
    admin: 'ok',
  },
  // Gone for everyone in this world: first-run setup once an admin exists; the winner page before a decision.
  gone: {
    anonymous: 'notFound',
    submitterA: 'notFound',
    submitterB: 'notFound',
    jurorAssigned: 'notFound',
    jurorConflicted: 'notFound',
    admin: 'notFound',
  },
};

const POLICY: Record<string, keyof typeof POLICIES> = {
  'GET /healthz': 'public',
  'GET /': 'public',
  'GET /archief': 'public',
  'GET /kennisbank': 'public',
  'GET /kennisbank.csv': 'public',
  'GET /kennisbank.json': 'public',
  'GET /kennisbank/feed.atom': 'public',
  // The world's edition is not announced: no project is published, so every project address is 404.
  'GET /kennisbank/:entryId': 'gone',
  'GET /kennisbank/:entryId/bijlagen/:attachmentId': 'gone',
  'POST /kennisbank/:entryId/contact': 'gone',
  'GET /edities/:year': 'public',
  'GET /login': 'anonymousOnly',
  'POST /login': 'anonymousOnly',
  'POST /logout': 'loggedIn',
  'GET /setup': 'gone',
  'POST /setup': 'gone',
  'GET /password/forgot': 'public',
  'POST /password/forgot': 'public',
  'GET /password/set/:token': 'public',
  'POST /password/set/:token': 'public',
  'GET /lang/:lng': 'public',
  'GET /register': 'anonymousOnly',
  'POST /register': 'anonymousOnly',
  'GET /register/verify/:token': 'public',
  'GET /register/check-email': 'submitter',
  'POST /account/verify/resend': 'submitter',
  'GET /account': 'loggedIn',
  'GET /edities/:year/:kind.ics': 'public',
  'GET /jury/editions/:editionId/declaration': 'juror',
  'POST /jury/editions/:editionId/declaration': 'juror',
  'POST /account/language': 'loggedIn',
  'POST /account/password': 'loggedIn',
  'GET /account/data': 'loggedIn',
  'GET /account/delete': 'loggedIn',
  'POST /account/delete': 'loggedIn',
  'GET /privacy': 'public',
  'GET /toegankelijkheid': 'public',
  'GET /entries': 'submitter',
  'POST /entries': 'submitter',
  'GET /entries/:entryId': 'ownEntry',
  'GET /entries/:entryId/edit': 'ownEntry',
  'POST /entries/:entryId/edit': 'ownEntry',
  'GET /entries/:entryId/submit': 'ownEntry',
  'POST /entries/:entryId/submit': 'ownEntry',
  'GET /entries/:entryId/submitted': 'ownEntry',
  'GET /entries/:entryId/withdraw': 'ownEntry',
  'POST /entries/:entryId/withdraw': 'ownEntry',
  'POST /entries/:entryId/reopen': 'ownEntry',
  'GET /entries/:entryId/attachments': 'ownEntry',
  'POST /entries/:entryId/attachments': 'ownEntry',
  'GET /entries/:entryId/attachments/:attachmentId': 'attachment',
  'GET /entries/:entryId/attachments/:attachmentId/view': 'attachment',
  'GET /entries/:entryId/attachments/:attachmentId/delete': 'ownEntry',
  'POST /entries/:entryId/attachments/:attachmentId/delete': 'ownEntry',
  'GET /entries/:entryId/partners': 'ownEntry',
  'POST /entries/:entryId/partners': 'ownEntry',
  'POST /entries/:entryId/partners/:organisationId/remove': 'ownEntry',
  'POST /entries/:entryId/partners/propose': 'ownEntry',
  'GET /entries/:entryId/publicatie': 'ownEntry',
  'POST /entries/:entryId/publicatie': 'ownEntry',
  'GET /entries/:entryId/feedback': 'unreleasedFeedback',
  'GET /entries/:entryId/feedback.pdf': 'unreleasedFeedback',
  // One letter of an edition: this world has none, so even organisers find nothing (the list itself is 'hidden').
  'GET /admin/editions/:editionId/feedback/:letterId': 'gone',
  'POST /admin/editions/:editionId/feedback/:letterId': 'gone',
  'GET /organisations/:organisationId': 'ownOrganisation',
  'GET /organisations/:organisationId/requests/:membershipId': 'ownOrganisation',
  'POST /organisations/:organisationId/requests/:membershipId': 'ownOrganisation',
  'GET /organisations/:organisationId/members/:membershipId/remove': 'ownOrganisation',
  'POST /organisations/:organisationId/members/:membershipId/remove': 'ownOrganisation',
  'POST /account/membership': 'submitter',
  'POST /account/membership/cancel': 'submitter',
  'GET /jury': 'juror',
  'GET /jury/entries/:entryId': 'jurorEntry',
  'GET /jury/entries/:entryId/score': 'jurorEntry',
  'POST /jury/entries/:entryId/score': 'jurorEntry',
  'POST /jury/entries/:entryId/reopen': 'jurorEntry',
  'GET /jury/entries/:entryId/abstain': 'jurorEntry',
  'POST /jury/entries/:entryId/abstain': 'jurorEntry',
  'GET /jury/entries/:entryId/conflict': 'jurorEntry',
  'POST /jury/entries/:entryId/conflict': 'jurorEntry',
  'GET /edities/:year/winnaar': 'gone',
  // The audience vote's ballot: anyone with a code (an empty form is a 422 with the form again).
  'GET /stem': 'public',
  'POST /stem': 'public',
};

function policyOf(route: RouteInfo): keyof typeof POLICIES | undefined {
  const key = `${route.method} ${route.path}`;
  if (POLICY[key]) return POLICY[key];
  // Every organiser page: admin-only, results with the embargo's 404.
  if (route.path.startsWith('/admin')) return route.access?.kind === 'hidden' ? 'hidden' : 'admin';
  return undefined;
}

let t: TestApp;
let w: AccessWorld;
beforeAll(async () => {
  t = await makeTestApp({ now: new Date() });
  w = await buildAccessWorld(t);
});
afterAll(() => t.close());

function matches(outcome: Outcome, status: number, location: string | undefined): boolean {
  const toLogin = status === 303 && (location ?? '').startsWith('/login');
  switch (outcome) {
    case 'login':
      return toLogin;
    case 'forbidden':
      return status === 403;
    case 'notFound':
      return status === 404;
    case 'denied':
      return status === 403 || status === 404;
    case 'away':
      return status === 303 && !toLogin;
    case 'ok':
      return status < 500 && ![401, 403, 404].includes(status) && !toLogin;
  }
}

async function call(who: Who, route: RouteInfo): Promise<{ status: number; location?: string }> {
  const browser = who === 'anonymous' ? new Browser(t.app) : w.browsers[who];
  const path = concretePath(route.path, w);
  if (route.method === 'GET') {
    const res = await browser.get(path);
    return { status: res.status, location: res.headers.location };
  }
  const token = await browser.csrf(who === 'anonymous' ? '/login' : '/account');
  const res = await browser.agent.post(path).type('form').send({ _csrf: token });
  return { status: res.status, location: res.headers.location };
}

describe('authorization matrix', () => {
  it('has an expected outcome for every route of the app', () => {
    const missing = listRoutes(t.app as never)
      .filter((r) => !policyOf(r))
      .map((r) => `${r.method} ${r.path}`);
    expect(missing).toEqual([]);
  });

  it('gives every kind of user exactly the expected answer on every route', async () => {
    // GETs first, then POSTs; actions that change who may do what (revoke, deactivate, log out) last.
    const late = (r: RouteInfo) =>
      r.path === '/logout' ? 2 : /\/(revoke|deactivate|announce|phase)$/.test(r.path) ? 1 : 0;
    const ordered = listRoutes(t.app as never).sort(
      (a, b) => (a.method === b.method ? 0 : a.method === 'GET' ? -1 : 1) || late(a) - late(b),
    );
    const wrong: string[] = [];
    let checked = 0;
    for (const route of ordered) {
      const expected = POLICIES[policyOf(route)!]!;
      for (const who of WHO) {
        const { status, location } = await call(who, route);
        checked++;
        if (!matches(expected[who], status, location))
          wrong.push(
            `${route.method} ${route.path} as ${who}: expected ${expected[who]}, got ${status}${location ? ` → ${location}` : ''}`,
          );
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(600);
  }, 300_000); // every route × every kind of user: a sweep, not a measure of speed
});
