import { plainTextToHtml } from '../../../src/shared/plain-text';

describe('plainTextToHtml', () => {
  it('makes paragraphs from blank lines and <br> from single newlines', () => {
    expect(plainTextToHtml('Eerste regel\ntweede regel\n\nNieuwe alinea')).toBe(
      '<p class="utrecht-paragraph">Eerste regel<br>tweede regel</p>\n<p class="utrecht-paragraph">Nieuwe alinea</p>',
    );
  });

  it('escapes HTML and script', () => {
    expect(plainTextToHtml('<script>alert("x")</script> & <b>')).toBe(
      '<p class="utrecht-paragraph">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;</p>',
    );
  });

  it('links http(s) addresses without the closing punctuation, and nothing else', () => {
    expect(plainTextToHtml('Zie https://voorbeeld.nl/regels. Of javascript:alert(1)')).toBe(
      '<p class="utrecht-paragraph">Zie <a class="utrecht-link" href="https://voorbeeld.nl/regels" rel="noopener noreferrer">https://voorbeeld.nl/regels</a>. Of javascript:alert(1)</p>',
    );
  });

  it('cannot be tricked into an attribute by quotes in a URL', () => {
    const html = plainTextToHtml('https://x.nl/"onmouseover="alert(1)');
    expect(html).not.toContain('"onmouseover');
    expect(html).toContain('href="https://x.nl/"');
  });

  it('returns nothing for empty text', () => {
    expect(plainTextToHtml('  \n\n ')).toBe('');
  });
});
