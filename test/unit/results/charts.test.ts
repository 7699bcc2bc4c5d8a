import {
  contrastRatio,
  criterionBreakdownChart,
  escapeXml,
  heatColour,
  heatMapChart,
  scoreBarChart,
  shorten,
  textOn,
} from '../../../src/results/charts';

/** The numbers of every element with this name and attribute, in document order. */
function attributes(svg: string, element: string, attribute: string): number[] {
  return [...svg.matchAll(new RegExp(`<${element}\\b[^>]*\\b${attribute}="([^"]*)"`, 'g'))].map((m) =>
    Number(m[1]),
  );
}

function texts(svg: string): string[] {
  return [...svg.matchAll(/<text\b[^>]*>(?:<title>[^<]*<\/title>)?([^<]*)<\/text>/g)].map((m) => m[1]!);
}

describe('escapeXml and shorten', () => {
  it('escapes the five XML specials', () => {
    expect(escapeXml(`<a href="x">'T' & Co</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;T&#39; &amp; Co&lt;/a&gt;',
    );
  });

  it('cuts long labels with an ellipsis and keeps short ones', () => {
    expect(shorten('Samen slimmer', 20)).toBe('Samen slimmer');
    expect(shorten('Samen slimmer inkopen in de regio', 12)).toBe('Samen slimm…');
    expect([...shorten('Samen slimmer inkopen in de regio', 12)]).toHaveLength(12);
  });
});

describe('scoreBarChart', () => {
  const svg = scoreBarChart({
    id: 'scores',
    title: 'Scores <gemiddelde>',
    description: 'Drie inzendingen & hun spreiding',
    bars: [
      { label: '1. Alpha', value: 80, valueText: '80,00', sd: 10 },
      { label: '2. <script>alert(1)</script>', value: 50, valueText: '50,00', sd: null },
      {
        label: '3. Een heel lange titel die nooit op één regel past in de grafiek',
        value: 25,
        valueText: '25,00',
      },
    ],
  });

  it('is an image labelled by its title and description', () => {
    expect(svg).toMatch(/^<svg [^>]*role="img"[^>]*aria-labelledby="scores-title scores-desc"/);
    expect(svg).toContain('<title id="scores-title">Scores &lt;gemiddelde&gt;</title>');
    expect(svg).toContain('<desc id="scores-desc">Drie inzendingen &amp; hun spreiding</desc>');
    expect(svg).not.toContain('style=');
  });

  it('draws each bar in proportion to its value on a 0–100 axis of 300 units', () => {
    expect(attributes(svg, 'rect', 'width')).toEqual([240, 150, 75]);
  });

  it('prints the formatted numbers and escapes the labels', () => {
    const shown = texts(svg);
    expect(shown).toEqual(expect.arrayContaining(['80,00', '50,00', '25,00', '1. Alpha']));
    expect(svg).toContain('2. &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).not.toContain('<script>');
  });

  it('keeps the full text of a shortened label in a tooltip', () => {
    expect(svg).toContain('<title>3. Een heel lange titel die nooit op één regel past in de grafiek</title>');
    expect(texts(svg)).toContain(
      shorten('3. Een heel lange titel die nooit op één regel past in de grafiek', 30),
    );
  });

  it('draws a whisker (line and two caps) only where a spread is given: value ± sd', () => {
    // 230 label units + 300 plot units; 80 ± 10 → 70 and 90 → x = 230 + 210 and 230 + 270.
    const whiskers = [
      ...svg.matchAll(/<line x1="([\d.]+)" y1="([\d.]+)" x2="([\d.]+)" y2="\2" stroke="#000"/g),
    ];
    expect(whiskers.map((m) => [Number(m[1]), Number(m[3])])).toEqual([[440, 500]]);
  });

  it('widens the axis beyond 100 when a value needs it', () => {
    const wide = scoreBarChart({
      id: 'wide',
      title: 't',
      description: 'd',
      bars: [{ label: 'z', value: 110, valueText: '110,00' }],
    });
    expect(attributes(wide, 'rect', 'width')).toEqual([Math.round((110 / 125) * 300 * 100) / 100]);
    expect(texts(wide)).toContain('125');
  });
});

describe('criterionBreakdownChart', () => {
  const svg = criterionBreakdownChart({
    id: 'criteria',
    title: 'Per criterium',
    description: 'Beschrijving',
    groups: [
      {
        label: '1. Alpha',
        values: [
          { label: 'Innovatiekracht', value: 75, valueText: '7,50' },
          { label: 'Impact', value: null, valueText: '–' },
        ],
      },
    ],
  });

  it('is labelled and names every criterion next to its bar, so no colour has to be told apart', () => {
    expect(svg).toContain('aria-labelledby="criteria-title criteria-desc"');
    expect(texts(svg)).toEqual(
      expect.arrayContaining(['1. Alpha', 'Innovatiekracht', 'Impact', '7,50', '–']),
    );
  });

  it('draws the normalised mean (0–100) as the bar length, nothing for no value', () => {
    expect(attributes(svg, 'rect', 'width')).toEqual([315, 0]);
  });
});

describe('heatMapChart', () => {
  const svg = heatMapChart({
    id: 'heat',
    title: 'Scores per jurylid',
    description: 'Warmtekaart',
    rows: ['1. Alpha', '2. Beta'],
    columns: ['Anna', 'Bram & Co'],
    cells: [
      [{ value: 100, text: '100,00' }, null],
      [
        { value: 0, text: '0,00' },
        { value: 55.5, text: '55,50' },
      ],
    ],
    emptyText: '–',
  });

  it('has a cell per juror × entry with the number printed in it, and a dash where there is no score', () => {
    expect(svg.match(/<rect /g)).toHaveLength(4);
    expect(texts(svg)).toEqual(
      expect.arrayContaining(['100,00', '0,00', '55,50', '–', 'Anna', 'Bram &amp; Co']),
    );
  });

  it('shades from light (0) to dark (100)', () => {
    expect(heatColour(0)).toBe('#f0f5fb');
    expect(heatColour(100)).toBe('#08306b');
    expect(svg).toContain('fill="#08306b"');
  });

  it('prints every number with a contrast of at least 4.5:1 against its cell', () => {
    for (let value = 0; value <= 100; value += 2.5) {
      const fill = heatColour(value);
      expect(contrastRatio(fill, textOn(fill))).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('computes contrast like WCAG', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });
});
