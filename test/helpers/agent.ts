import type { Express } from 'express';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import type { TestUser } from './factories';

/** Reads the CSRF token from the first form on a page, as a browser would submit it. */
export function csrfFrom(html: string): string {
  const match = html.match(/name="_csrf" value="([^"]+)"/);
  if (!match) throw new Error('No CSRF token on the page');
  return match[1]!;
}

/**
 * A cookie-keeping client. `submit` loads the page with the form first (as a person would), then posts the
 * form with that page's CSRF token.
 */
export class Browser {
  readonly agent: TestAgent;
  constructor(readonly app: Express) {
    this.agent = request.agent(app);
  }

  get(path: string) {
    return this.agent.get(path);
  }

  async csrf(formPage: string): Promise<string> {
    const res = await this.agent.get(formPage);
    return csrfFrom(res.text);
  }

  async submit(formPage: string, action: string, fields: Record<string, string | string[]>) {
    const token = await this.csrf(formPage);
    return this.agent
      .post(action)
      .type('form')
      .send({ ...fields, _csrf: token });
  }

  async login(user: Pick<TestUser, 'email' | 'password'>) {
    const res = await this.submit('/login', '/login', { email: user.email, password: user.password });
    if (res.status !== 303) throw new Error(`Login failed for ${user.email}: ${res.status}`);
    return res;
  }
}

export async function loggedIn(app: Express, user: TestUser): Promise<Browser> {
  const browser = new Browser(app);
  await browser.login(user);
  return browser;
}
