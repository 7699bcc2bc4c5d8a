import path from 'node:path';
import express, { type Express } from 'express';
import session from 'express-session';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import pino, { type Logger } from 'pino';
import type { Knex } from 'knex';
import type { Config } from './config';
import type { AppContext } from './context';
import type { Mailer } from './mail/mailer';
import type { WriteSignal } from './db/write-signal';
import { createMailer } from './mail/mailer';
import { createOutbox, type Outbox } from './mail/outbox';
import { isPostgres } from './db/db';
import { systemClock, type Clock } from './shared/clock';
import { BackgroundWork } from './shared/background-work';
import { projectRoot } from './shared/paths';
import { createI18n, languageMiddleware, translators } from './i18n/i18n';
import { createViewEngine } from './http/views';
import { createCsrf } from './http/csrf';
import { viewLocals } from './http/locals';
import { createWriteCounter } from './http/write-counter';
import { requestLog } from './http/request-log';
import { createPageCache } from './http/page-cache';
import { errorHandler, notFoundHandler } from './http/error-handler';
import { createPassport } from './auth/passport';
import { ThrottledSessionStore } from './auth/session-store';
import { createGenerationCache } from './shared/generation-cache';
import { keepReferenceReads } from './db/reference-cache';
import type { User } from './users/user.types';
import { authRoutes } from './auth/auth.routes';
import { userRoutes } from './users/user.routes';
import { organisationRoutes } from './organisations/organisation.routes';
import { registerRoutes } from './organisations/register.routes';
import { registrationRoutes } from './organisations/registration.routes';
import { membershipRoutes } from './organisations/membership.routes';
import { healthRoutes } from './http/health.routes';
import { editionRoutes } from './editions/edition.routes';
import { publicEditionRoutes } from './editions/public.routes';
import { juryAdminRoutes } from './jury/jury.admin.routes';
import { juryRoutes } from './jury/jury.routes';
import { declarationRoutes } from './jury/declaration.routes';
import { bulkInviteRoutes } from './jury/bulk-invite.routes';
import { entryRoutes } from './entries/entry.routes';
import { questionRoutes } from './entries/question.routes';
import { privacyRoutes } from './privacy/privacy.routes';
import { resultsRoutes } from './results/results.routes';
import { attachmentRoutes } from './attachments/attachment.routes';
import { auditRoutes } from './audit/audit.routes';
import { outboxRoutes } from './mail/outbox.routes';
import { momentRoutes } from './notifications/moments.routes';
import { messageRoutes } from './messages/message.routes';
import { voteRoutes } from './vote/vote.routes';
import { publicationRoutes } from './kennisbank/publication.routes';
import { kennisbankRoutes } from './kennisbank/kennisbank.routes';
import { feedbackRoutes } from './feedback/feedback.routes';

export interface AppDeps {
  config: Config;
  db: Knex;
  mailer?: Mailer;
  clock?: Clock;
  logger?: Logger;
  /** Writes of other app processes on the same database (server.ts starts it; tests of one process need none). */
  writeSignal?: WriteSignal;
}

export const SESSION_COOKIE = 'ip.sid';

const contexts = new WeakMap<Express, AppContext>();

function contextOf(app: Express): AppContext {
  const ctx = contexts.get(app);
  if (!ctx) throw new Error('Not an app made by createApp');
  return ctx;
}

/** The app's outbox, for the server's retry round (startup.ts); tests call retryDue on it too. */
export function outboxOf(app: Express): Outbox {
  return contextOf(app).mailer;
}

/** Work the app runs after answering: whoever closes the database waits for it first (startup.ts, tests). */
export function backgroundOf(app: Express): BackgroundWork {
  return contextOf(app).background;
}

/** Builds the Express app. No side effects beyond the object it returns: server.ts listens, tests use supertest. */
export function createApp(deps: AppDeps): Express {
  const { config, db } = deps;
  const root = projectRoot();
  const logger =
    deps.logger ??
    pino({
      level: config.logLevel,
      redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
    });
  const writes = createWriteCounter();
  writes.watch(db);
  if (deps.writeSignal) writes.follow(deps.writeSignal);
  // Sessions, users and reference data kept per process. On PostgreSQL only with the write signal: its notification at commit is
  // what forgets a value read while another connection's change was not yet committed (see write-counter.ts).
  const keepIdentity = {
    generation: writes.identity,
    ttlMs: deps.writeSignal || !isPostgres(db) ? config.identityCacheSeconds * 1000 : 0,
    now: () => Date.now(),
  };
  keepReferenceReads(db, { ...keepIdentity, generation: writes.reference });
  const keptSessions = createGenerationCache<string, string>(keepIdentity);
  const keptUsers = createGenerationCache<number, User>(keepIdentity);
  const clock = deps.clock ?? systemClock;
  const secureCookies = config.baseUrl.startsWith('https://');
  const csrf = createCsrf({ secret: config.sessionSecret, secureCookie: secureCookies });
  const pageCache = createPageCache({
    seconds: config.cacheSeconds,
    generation: writes.current,
    sessionCookie: SESSION_COOKIE,
    csrfToken: csrf.generateToken,
    now: () => clock.now(),
  });
  const ctx: AppContext = {
    config,
    db,
    clock,
    mailer: createOutbox({ db, clock, logger, transport: deps.mailer ?? createMailer(config, logger) }),
    i18n: createI18n(),
    logger,
    writeGeneration: writes.current,
    background: new BackgroundWork(logger),
    publicPage: pageCache.store,
  };

  const app = express();
  contexts.set(app, ctx);
  app.disable('x-powered-by');
  // No ETag hashed over every dynamic page (a results page is 240 kB): pages change with the session and the
  // data, so a browser seldom gets a 304 for them. Static files and kept public pages have their own ETags.
  app.set('etag', false);
  app.set('trust proxy', config.trustProxy);
  const viewsDir = path.join(root, 'views');
  app.engine('ejs', createViewEngine(viewsDir, config.env === 'production'));
  app.set('view engine', 'ejs');
  app.set('views', viewsDir);

  app.use(requestLog(logger));
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          upgradeInsecureRequests: secureCookies ? [] : null,
        },
      },
      strictTransportSecurity: secureCookies,
    }),
  );

  const staticOptions = { maxAge: config.env === 'production' ? '7d' : 0, index: false, fallthrough: true };
  app.use('/assets', express.static(path.join(root, 'public'), staticOptions));
  app.use(
    '/assets/vendor/utrecht',
    express.static(path.join(root, 'node_modules/@utrecht/component-library-css/dist'), staticOptions),
  );
  app.use(
    '/assets/vendor/tokens',
    express.static(path.join(root, 'node_modules/@utrecht/design-tokens/dist'), staticOptions),
  );

  // Language first, so that even a refused body (413, 400) gets a translated error page.
  app.use(cookieParser());
  const translate = translators(ctx.i18n);
  app.use(languageMiddleware(translate));
  // Anonymous visitors of public pages are answered here, before sessions and the rest are set up.
  app.use(pageCache.serve);
  app.use(viewLocals({ generateCsrfToken: csrf.generateToken, translators: translate }));
  app.use(express.urlencoded({ extended: false, limit: '256kb', parameterLimit: 500 }));
  // A POST without a body (or with one the parser does not read) is an empty form, never `undefined`: every
  // handler then answers it like a form with nothing filled in (422 or a redirect), not with a 500.
  app.use((req, _res, next) => {
    if (req.body === undefined && !req.is('multipart/form-data')) req.body = {};
    next();
  });

  app.use(
    session({
      name: SESSION_COOKIE,
      secret: config.sessionSecret,
      store: new ThrottledSessionStore(
        {
          knex: db,
          tableName: 'sessions',
          createTable: false,
          cleanupInterval: config.sessionCleanupMs,
        },
        keptSessions,
      ),
      resave: false,
      // Anonymous visitors get no session row; one is made when someone logs in.
      saveUninitialized: false,
      rolling: true,
      cookie: {
        httpOnly: true,
        sameSite: 'lax',
        secure: secureCookies ? true : 'auto',
        maxAge: 8 * 60 * 60 * 1000,
      },
    }),
  );
  const passport = createPassport(db, keptUsers);
  app.use(passport.session());
  app.use((req, res, next) => {
    res.locals.currentUser = req.user ?? null;
    next();
  });
  app.use(csrf.protect);
  app.use(writes.middleware);

  app.use(healthRoutes(ctx));
  app.use(publicEditionRoutes(ctx));
  app.use(kennisbankRoutes(ctx));
  app.use(editionRoutes(ctx));
  app.use(auditRoutes(ctx));
  app.use(authRoutes(ctx, passport));
  app.use(userRoutes(ctx));
  app.use(registerRoutes(ctx, { verifyCsrf: csrf.verify }));
  app.use(registrationRoutes(ctx), organisationRoutes(ctx), membershipRoutes(ctx));
  app.use(juryRoutes(ctx), juryAdminRoutes(ctx));
  app.use(declarationRoutes(ctx), bulkInviteRoutes(ctx, { verifyCsrf: csrf.verify }));
  app.use(outboxRoutes(ctx), momentRoutes(ctx), messageRoutes(ctx));
  app.use(entryRoutes(ctx));
  app.use(questionRoutes(ctx));
  // Uploads are multipart, which the global CSRF check skips: the router checks the token after multer.
  app.use(attachmentRoutes(ctx, { verifyCsrf: csrf.verify }));
  app.use(privacyRoutes(ctx));
  app.use(resultsRoutes(ctx));
  app.use(voteRoutes(ctx));
  app.use(publicationRoutes(ctx));
  app.use(feedbackRoutes(ctx));

  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
