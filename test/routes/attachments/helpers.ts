import type { Knex } from 'knex';
import type { Browser } from '../../helpers/agent';
import { filesUnder } from '../../helpers/files';

/** What a test sends as one file: its bytes and the name the user's computer gives it. */
export interface Upload {
  name: string;
  data: Buffer;
}

/** Posts files as a browser's form does (multipart, CSRF token in the body), through supertest's attach(). */
export async function upload(
  browser: Browser,
  entryId: number,
  files: Upload[],
  options: { csrf?: string | false } = {},
) {
  const token = options.csrf === undefined ? await browser.csrf('/account') : options.csrf;
  let req = browser.agent.post(`/entries/${entryId}/attachments`);
  if (token !== false) req = req.field('_csrf', token);
  for (const f of files)
    req = req.attach('files', f.data, { filename: f.name, contentType: 'application/octet-stream' });
  return req;
}

/**
 * A multipart body written byte by byte, for file names supertest would change (form-data keeps only the
 * basename and cannot send control characters).
 */
export function rawMultipart(
  fields: Record<string, string>,
  files: Array<{ filenameHeader: string; data: Buffer }>,
) {
  const boundary = '----innovatieprijs' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  for (const f of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${f.filenameHeader}"\r\n` +
          'Content-Type: application/octet-stream\r\n\r\n',
        'utf8',
      ),
      f.data,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

export async function uploadRaw(browser: Browser, entryId: number, filenameHeader: string, data: Buffer) {
  const token = await browser.csrf('/account');
  const { body, contentType } = rawMultipart({ _csrf: token }, [{ filenameHeader, data }]);
  return browser.agent.post(`/entries/${entryId}/attachments`).set('Content-Type', contentType).send(body);
}

export const attachmentRows = (db: Knex, entryId: number) =>
  db('attachments').where({ entry_id: entryId }).orderBy('id');

/**
 * The files in UPLOAD_DIR must be exactly the stored files of the rows: nothing in tmp, nothing unreferenced.
 * Returns the rows' stored names, sorted.
 */
export async function expectDiskMatchesRows(db: Knex, uploadDir: string): Promise<string[]> {
  const names: string[] = (await db('attachments').select('stored_name')).map(
    (r: { stored_name: string }) => r.stored_name,
  );
  const expected = [...names].sort();
  expect(filesUnder(uploadDir).filter((f) => !f.startsWith('.'))).toEqual(expected);
  return expected;
}
