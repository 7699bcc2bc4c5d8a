import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createViewEngine, loadView } from '../../../src/http/views';

function render(engine: ReturnType<typeof createViewEngine>, file: string, locals: object): Promise<string> {
  return new Promise((resolve, reject) =>
    engine(file, locals, (err, html) => (err ? reject(err) : resolve(html!))),
  );
}

describe('views', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'views-'));
    fs.mkdirSync(path.join(dir, 'layout'));
    fs.mkdirSync(path.join(dir, 'partials'));
    fs.mkdirSync(path.join(dir, 'pages'));
    fs.writeFileSync(path.join(dir, 'layout', 'main.ejs'), '<main><%- body %></main>');
    fs.writeFileSync(path.join(dir, 'partials', 'hello.ejs'), 'Hallo <%= who %>');
    fs.writeFileSync(path.join(dir, 'pages', 'page.ejs'), "<%- include('../partials/hello', { who }) %>!");
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('compiles every view at start in production and asks the file system nothing while rendering', async () => {
    const engine = createViewEngine(dir, true);
    const spies = [jest.spyOn(fs, 'existsSync'), jest.spyOn(fs, 'readFileSync'), jest.spyOn(fs, 'statSync')];
    try {
      const html = await render(engine, path.join(dir, 'pages', 'page.ejs'), { who: 'Utrecht' });
      expect(html).toBe('<main>Hallo Utrecht!</main>');
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    } finally {
      spies.forEach((s) => s.mockRestore());
    }
  });

  it('reads views again on every render outside production, so an edit shows at once', async () => {
    const engine = createViewEngine(dir, false);
    const page = path.join(dir, 'pages', 'page.ejs');
    expect(await render(engine, page, { who: 'Zwolle', layout: false })).toBe('Hallo Zwolle!');
    fs.writeFileSync(path.join(dir, 'partials', 'hello.ejs'), 'Dag <%= who %>');
    expect(await render(engine, page, { who: 'Zwolle', layout: false })).toBe('Dag Zwolle!');
  });

  it('names a missing include when the view is read', () => {
    fs.writeFileSync(path.join(dir, 'pages', 'broken.ejs'), "<%- include('../partials/gone') %>");
    expect(() => loadView(path.join(dir, 'pages', 'broken.ejs'))).toThrow(
      /broken\.ejs includes \.\.\/partials\/gone/,
    );
    expect(() => createViewEngine(dir, true)).toThrow(/does not exist/);
  });

  it('compiles every view of the app', () => {
    expect(() => createViewEngine(path.join(__dirname, '../../../views'), true)).not.toThrow();
  });
});
