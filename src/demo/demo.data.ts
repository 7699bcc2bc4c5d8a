/**
 * Fictional but realistic Dutch material for demo data: SSC regions, people, projects. The gemeenten and provinces
 * come from the register (real bodies); the people and projects are fictional. Combinations are drawn with a
 * seeded random source, so a seed gives the same demo every time.
 */
import { randomInt, type RandomSource } from '../jury/seeded-random';

const REGIONS = [
  'Rivierenland',
  'Heuvelrug',
  'Kempenland',
  'Waterland',
  'Veenkoloniën',
  'Kromme Rijn',
  'Groene Hart',
  'Duinstreek',
  'Maasvallei',
  'Vechtstreek',
];
const FIRST = [
  'Anouk',
  'Bram',
  'Charlotte',
  'Daan',
  'Esra',
  'Fleur',
  'Gijs',
  'Hanneke',
  'Ilse',
  'Jeroen',
  'Karim',
  'Lotte',
  'Mehmet',
  'Noor',
  'Olaf',
  'Priya',
  'Quinten',
  'Roos',
  'Sven',
  'Tessa',
  'Umut',
  'Vera',
  'Willem',
  'Yara',
  'Zeynep',
];
const LAST = [
  'de Vries',
  'Jansen',
  'Bakker',
  'Visser',
  'Smit',
  'Meijer',
  'de Boer',
  'Mulder',
  'de Groot',
  'Bos',
  'Vos',
  'Peters',
  'Hendriks',
  'van Leeuwen',
  'Dekker',
  'Brouwer',
  'de Wit',
  'Dijkstra',
  'Yilmaz',
  'El Amrani',
];
const JOBS = [
  'gemeentesecretaris',
  'directeur bedrijfsvoering',
  'CIO',
  'directeur SSC',
  'concerncontroller',
  'programmamanager digitalisering',
  'hoofd HR',
  'directeur dienstverlening',
];
const ACTIONS = [
  'Slimmer factureren',
  'Samen inkopen',
  'Sneller vergunningen verlenen',
  'Eén loket voor werkgevers',
  'Datagedreven onderhoud',
  'Digitaal archiveren',
  'Robotisering van de crediteurenadministratie',
  'Gezamenlijke ICT-inkoop',
  'Vitaal personeelsbeleid',
  'Informatiebeveiliging op orde',
  'Klantcontact zonder wachttijd',
  'Open data voor inwoners',
];
const MEANS = [
  'met procesautomatisering',
  'door samenwerking in de regio',
  'met een gedeeld platform',
  'met open standaarden',
  'dankzij slimme planning',
  'met een lerend netwerk',
  'met één werkwijze',
  'in de cloud',
];

export const pick = <T>(random: RandomSource, list: readonly T[]): T => list[randomInt(random, list.length)]!;

export const regionName = (i: number) =>
  `${REGIONS[i % REGIONS.length]}${i >= REGIONS.length ? ` ${Math.floor(i / REGIONS.length) + 1}` : ''}`;
export const personName = (random: RandomSource) => `${pick(random, FIRST)} ${pick(random, LAST)}`;
export const jobTitle = (random: RandomSource) => pick(random, JOBS);

export function projectTitle(random: RandomSource, n: number): string {
  return `${pick(random, ACTIONS)} ${pick(random, MEANS)}${n > ACTIONS.length * MEANS.length ? ` (${n})` : ''}`;
}

export function projectTexts(random: RandomSource, title: string, organisation: string) {
  const hours = 500 + randomInt(random, 9500);
  const euros = (20 + randomInt(random, 480)) * 1000;
  const pct = 10 + randomInt(random, 60);
  return {
    summary: `${organisation} pakte "${title.toLowerCase()}" aan. Het resultaat: ${hours.toLocaleString('nl-NL')} uur per jaar minder handwerk en inwoners die sneller geholpen worden. Andere organisaties kunnen de aanpak direct overnemen.`,
    problem: `Medewerkers van ${organisation} deden veel werk dubbel en met de hand. Inwoners en ondernemers wachtten daardoor lang op een antwoord, en fouten werden laat ontdekt.`,
    innovation: `We hebben het proces opnieuw ontworpen samen met de mensen die het werk doen, en ${title.toLowerCase()} ingevoerd. Nieuw is dat we stap voor stap werkten, met een proef van drie maanden en meetbare doelen.`,
    resultsEfficiency: `${hours.toLocaleString('nl-NL')} uur per jaar bespaard, en € ${euros.toLocaleString('nl-NL')} minder kosten per jaar. De doorlooptijd daalde met ${pct}%.`,
    resultsEffectiveness: `Inwoners krijgen sneller een antwoord en er worden minder fouten gemaakt. Medewerkers hebben meer tijd voor het werk waar ze het verschil maken; de tevredenheid steeg.`,
    transferability: `Onze werkwijze, sjablonen en een draaiboek zijn openbaar. Een gemeente of SSC van gelijke omvang kan binnen een half jaar starten; wij helpen graag.`,
  };
}

/** A small but valid one-page PDF, different per entry, so attachments are real files with real hashes. */
export function tinyPdf(text: string): Buffer {
  // Latin-1 bytes under WinAnsiEncoding show é, ë and ï as themselves (the standard encoding drew "één" as "ØØn").
  const safe = text
    .replace(/[()\\]/g, ' ')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[^\x20-\xff]/g, '?')
    .slice(0, 80);
  const stream = `BT /F1 14 Tf 72 720 Td (${safe}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
