import {
  type ConflictReason,
  type EntryParties,
  type JurorTies,
  type Organisation,
  conflictKey,
  conflictMatrix,
  detectConflicts,
  effectiveConflict,
} from '../../../src/jury/conflicts';

// A small region, numbered so a failing test reads easily.
const AMERSFOORT = 1;
const LEUSDEN = 2;
const ZEIST = 3;
const UTRECHTSE_HEUVELRUG = 4;
const PROVINCIE_UTRECHT = 5;
const WATERSCHAP_VALLEI = 6;
const STICHTING = 7;
const SSC_EEMLAND = 10; // owned by Amersfoort and Leusden
const SSC_HEUVELRUG = 11; // owned by Zeist and Utrechtse Heuvelrug
const SSC_PROVINCIE = 12; // owned by the province and Zeist
const SSC_AMERSFOORT_ICT = 13; // owned by Amersfoort only: a sibling of SSC Eemland
const SSC_OF_SSC = 14; // owned by SSC Eemland: ownership is one step, so not by Amersfoort

const organisations: Organisation[] = [
  { id: AMERSFOORT, type: 'gemeente', ownerIds: [] },
  { id: LEUSDEN, type: 'gemeente', ownerIds: [] },
  { id: ZEIST, type: 'gemeente', ownerIds: [] },
  { id: UTRECHTSE_HEUVELRUG, type: 'gemeente', ownerIds: [] },
  { id: PROVINCIE_UTRECHT, type: 'provincie', ownerIds: [] },
  { id: WATERSCHAP_VALLEI, type: 'waterschap', ownerIds: [] },
  { id: STICHTING, type: 'overig', ownerIds: [] },
  { id: SSC_EEMLAND, type: 'ssc', ownerIds: [AMERSFOORT, LEUSDEN] },
  { id: SSC_HEUVELRUG, type: 'ssc', ownerIds: [ZEIST, UTRECHTSE_HEUVELRUG] },
  { id: SSC_PROVINCIE, type: 'ssc', ownerIds: [PROVINCIE_UTRECHT, ZEIST] },
  { id: SSC_AMERSFOORT_ICT, type: 'ssc', ownerIds: [AMERSFOORT] },
  { id: SSC_OF_SSC, type: 'ssc', ownerIds: [SSC_EEMLAND] },
];

function juror(employerId: number | null, tiedOrgIds: number[] = []): JurorTies {
  return { jurorId: 100, employerId, tiedOrgIds };
}

function entry(entrantOrgId: number, partnerOrgIds: number[] = []): EntryParties {
  return { entryId: 200, entrantOrgId, partnerOrgIds };
}

function detect(jurorTies: JurorTies, entryParties: EntryParties): ConflictReason[] {
  return detectConflicts({ organisations, juror: jurorTies, entry: entryParties });
}

describe('detectConflicts', () => {
  describe('the juror is tied to the entrant itself', () => {
    it('via their employer', () => {
      expect(detect(juror(AMERSFOORT), entry(AMERSFOORT))).toEqual([
        { kind: 'entrant', jurorOrgId: AMERSFOORT, via: 'employer', entryOrgId: AMERSFOORT },
      ]);
    });

    it('via a tie (an SSC they belong to)', () => {
      expect(detect(juror(STICHTING, [SSC_EEMLAND]), entry(SSC_EEMLAND))).toEqual([
        { kind: 'entrant', jurorOrgId: SSC_EEMLAND, via: 'tie', entryOrgId: SSC_EEMLAND },
      ]);
    });

    it('for provinces and waterschappen as entrants too', () => {
      expect(detect(juror(PROVINCIE_UTRECHT), entry(PROVINCIE_UTRECHT))).toHaveLength(1);
      expect(detect(juror(null, [WATERSCHAP_VALLEI]), entry(WATERSCHAP_VALLEI))).toEqual([
        { kind: 'entrant', jurorOrgId: WATERSCHAP_VALLEI, via: 'tie', entryOrgId: WATERSCHAP_VALLEI },
      ]);
    });
  });

  describe('the juror is tied to a partner', () => {
    it('via their employer', () => {
      expect(detect(juror(ZEIST), entry(AMERSFOORT, [LEUSDEN, ZEIST]))).toEqual([
        { kind: 'partner', jurorOrgId: ZEIST, via: 'employer', entryOrgId: ZEIST },
      ]);
    });

    it('via a tie', () => {
      expect(detect(juror(STICHTING, [LEUSDEN]), entry(AMERSFOORT, [LEUSDEN]))).toEqual([
        { kind: 'partner', jurorOrgId: LEUSDEN, via: 'tie', entryOrgId: LEUSDEN },
      ]);
    });
  });

  describe('the juror is tied to an owner of the entrant SSC', () => {
    it('works at a gemeente that owns the entrant SSC', () => {
      expect(detect(juror(AMERSFOORT), entry(SSC_EEMLAND))).toEqual([
        { kind: 'owner_of_entrant', jurorOrgId: AMERSFOORT, via: 'employer', entryOrgId: SSC_EEMLAND },
      ]);
    });

    it('is tied (e.g. a board seat) to a gemeente that owns the entrant SSC', () => {
      expect(detect(juror(STICHTING, [LEUSDEN]), entry(SSC_EEMLAND))).toEqual([
        { kind: 'owner_of_entrant', jurorOrgId: LEUSDEN, via: 'tie', entryOrgId: SSC_EEMLAND },
      ]);
    });

    it('works at a province that co-owns the entrant SSC', () => {
      expect(detect(juror(PROVINCIE_UTRECHT), entry(SSC_PROVINCIE))).toEqual([
        {
          kind: 'owner_of_entrant',
          jurorOrgId: PROVINCIE_UTRECHT,
          via: 'employer',
          entryOrgId: SSC_PROVINCIE,
        },
      ]);
    });
  });

  describe('the juror is tied to an SSC owned by the entrant', () => {
    it('works at an SSC owned by the entrant gemeente', () => {
      expect(detect(juror(SSC_EEMLAND), entry(LEUSDEN))).toEqual([
        { kind: 'owned_by_entrant', jurorOrgId: SSC_EEMLAND, via: 'employer', entryOrgId: LEUSDEN },
      ]);
    });

    it('belongs to an SSC owned by the entrant province', () => {
      expect(detect(juror(STICHTING, [SSC_PROVINCIE]), entry(PROVINCIE_UTRECHT))).toEqual([
        { kind: 'owned_by_entrant', jurorOrgId: SSC_PROVINCIE, via: 'tie', entryOrgId: PROVINCIE_UTRECHT },
      ]);
    });
  });

  describe('SSC partners are treated like an SSC entrant', () => {
    it('the juror works at an owner of an SSC partner', () => {
      expect(detect(juror(UTRECHTSE_HEUVELRUG), entry(AMERSFOORT, [SSC_HEUVELRUG]))).toEqual([
        {
          kind: 'owner_of_partner',
          jurorOrgId: UTRECHTSE_HEUVELRUG,
          via: 'employer',
          entryOrgId: SSC_HEUVELRUG,
        },
      ]);
    });

    it('the juror belongs to an SSC owned by a partner', () => {
      expect(detect(juror(null, [SSC_HEUVELRUG]), entry(AMERSFOORT, [ZEIST]))).toEqual([
        { kind: 'owned_by_partner', jurorOrgId: SSC_HEUVELRUG, via: 'tie', entryOrgId: ZEIST },
      ]);
    });
  });

  describe('no false positives', () => {
    it('a gemeente that owns a different SSC does not conflict with an SSC it does not own', () => {
      expect(detect(juror(ZEIST), entry(SSC_EEMLAND))).toEqual([]);
    });

    it('an SSC does not conflict with a gemeente that does not own it', () => {
      expect(detect(juror(SSC_HEUVELRUG), entry(AMERSFOORT))).toEqual([]);
    });

    it('two gemeenten that co-own an SSC do not conflict with each other', () => {
      expect(detect(juror(AMERSFOORT), entry(LEUSDEN))).toEqual([]);
    });

    it('sibling SSCs (same owner) do not conflict with each other', () => {
      expect(detect(juror(SSC_AMERSFOORT_ICT), entry(SSC_EEMLAND))).toEqual([]);
    });

    it('ownership is one step: the owner of an SSC that owns the entrant SSC is not conflicted', () => {
      expect(detect(juror(AMERSFOORT), entry(SSC_OF_SSC))).toEqual([]);
      expect(detect(juror(SSC_EEMLAND), entry(SSC_OF_SSC))).toEqual([
        { kind: 'owner_of_entrant', jurorOrgId: SSC_EEMLAND, via: 'employer', entryOrgId: SSC_OF_SSC },
      ]);
    });

    it('a juror without employer or ties conflicts with nothing', () => {
      expect(detect(juror(null), entry(SSC_EEMLAND, [AMERSFOORT, PROVINCIE_UTRECHT]))).toEqual([]);
    });
  });

  describe('robustness', () => {
    it('unknown organisation ids do not crash and count as having no owners', () => {
      expect(detect(juror(999, [998]), entry(997, [996]))).toEqual([]);
      expect(detect(juror(AMERSFOORT), entry(997, [SSC_EEMLAND]))).toEqual([
        { kind: 'owner_of_partner', jurorOrgId: AMERSFOORT, via: 'employer', entryOrgId: SSC_EEMLAND },
      ]);
      expect(detect(juror(999), entry(999))).toEqual([
        { kind: 'entrant', jurorOrgId: 999, via: 'employer', entryOrgId: 999 },
      ]);
    });

    it('honours ownerIds even on an organisation not typed as SSC, so a typing mistake hides nothing', () => {
      const mistyped: Organisation[] = [{ id: 50, type: 'overig', ownerIds: [ZEIST] }];
      expect(detectConflicts({ organisations: mistyped, juror: juror(ZEIST), entry: entry(50) })).toEqual([
        { kind: 'owner_of_entrant', jurorOrgId: ZEIST, via: 'employer', entryOrgId: 50 },
      ]);
    });

    it('works with an empty organisation list', () => {
      expect(detectConflicts({ organisations: [], juror: juror(1), entry: entry(1) })).toHaveLength(1);
    });

    it('reports an organisation that is both employer and tie once, as the employer', () => {
      expect(detect(juror(AMERSFOORT, [AMERSFOORT, AMERSFOORT]), entry(AMERSFOORT))).toEqual([
        { kind: 'entrant', jurorOrgId: AMERSFOORT, via: 'employer', entryOrgId: AMERSFOORT },
      ]);
    });

    it('reports an entrant also listed as partner once, as the entrant', () => {
      expect(detect(juror(LEUSDEN), entry(LEUSDEN, [LEUSDEN, LEUSDEN]))).toEqual([
        { kind: 'entrant', jurorOrgId: LEUSDEN, via: 'employer', entryOrgId: LEUSDEN },
      ]);
    });

    it('does not mutate its input', () => {
      const orgsCopy = structuredClone(organisations);
      const jurorTies = juror(AMERSFOORT, [SSC_HEUVELRUG, ZEIST]);
      const entryParties = entry(SSC_EEMLAND, [ZEIST, LEUSDEN]);
      const jurorCopy = structuredClone(jurorTies);
      const entryCopy = structuredClone(entryParties);
      detect(jurorTies, entryParties);
      expect(organisations).toEqual(orgsCopy);
      expect(jurorTies).toEqual(jurorCopy);
      expect(entryParties).toEqual(entryCopy);
    });
  });

  it('lists every reason, most direct kind first, then by organisation ids', () => {
    const ties = juror(ZEIST, [SSC_HEUVELRUG, AMERSFOORT, SSC_EEMLAND]);
    const parties = entry(SSC_EEMLAND, [SSC_PROVINCIE, UTRECHTSE_HEUVELRUG, LEUSDEN]);
    expect(detect(ties, parties)).toEqual([
      { kind: 'entrant', jurorOrgId: SSC_EEMLAND, via: 'tie', entryOrgId: SSC_EEMLAND },
      { kind: 'owner_of_entrant', jurorOrgId: AMERSFOORT, via: 'tie', entryOrgId: SSC_EEMLAND },
      { kind: 'owner_of_partner', jurorOrgId: ZEIST, via: 'employer', entryOrgId: SSC_PROVINCIE },
      { kind: 'owned_by_partner', jurorOrgId: SSC_EEMLAND, via: 'tie', entryOrgId: LEUSDEN },
      { kind: 'owned_by_partner', jurorOrgId: SSC_HEUVELRUG, via: 'tie', entryOrgId: UTRECHTSE_HEUVELRUG },
    ]);
  });

  it('gives the same reasons whatever the order of ties and partners', () => {
    const a = detect(juror(ZEIST, [SSC_EEMLAND, LEUSDEN]), entry(SSC_HEUVELRUG, [AMERSFOORT, SSC_PROVINCIE]));
    const b = detect(juror(ZEIST, [LEUSDEN, SSC_EEMLAND]), entry(SSC_HEUVELRUG, [SSC_PROVINCIE, AMERSFOORT]));
    expect(a).toEqual(b);
    expect(a.map((reason) => reason.kind)).toEqual([
      'owner_of_entrant',
      'owner_of_partner',
      'owned_by_partner',
    ]);
  });
});

describe('conflictMatrix', () => {
  const jurors: JurorTies[] = [
    { jurorId: 3, employerId: SSC_EEMLAND, tiedOrgIds: [] },
    { jurorId: 1, employerId: AMERSFOORT, tiedOrgIds: [] },
    { jurorId: 2, employerId: WATERSCHAP_VALLEI, tiedOrgIds: [] },
  ];
  const entries: EntryParties[] = [
    { entryId: 20, entrantOrgId: LEUSDEN, partnerOrgIds: [] },
    { entryId: 10, entrantOrgId: SSC_EEMLAND, partnerOrgIds: [] },
    { entryId: 30, entrantOrgId: ZEIST, partnerOrgIds: [] },
  ];

  it('holds only the conflicted pairs, in juror then entry order, with their reasons', () => {
    const matrix = conflictMatrix({ organisations, jurors, entries });
    expect([...matrix.keys()]).toEqual(['1:10', '3:10', '3:20']);
    expect(matrix.get(conflictKey(1, 10))).toEqual([
      { kind: 'owner_of_entrant', jurorOrgId: AMERSFOORT, via: 'employer', entryOrgId: SSC_EEMLAND },
    ]);
    expect(matrix.get(conflictKey(3, 20))).toEqual([
      { kind: 'owned_by_entrant', jurorOrgId: SSC_EEMLAND, via: 'employer', entryOrgId: LEUSDEN },
    ]);
    expect(matrix.has(conflictKey(2, 10))).toBe(false);
  });

  it('agrees with detectConflicts for every pair', () => {
    const matrix = conflictMatrix({ organisations, jurors, entries });
    for (const jurorTies of jurors) {
      for (const entryParties of entries) {
        const reasons = detectConflicts({ organisations, juror: jurorTies, entry: entryParties });
        expect(matrix.get(conflictKey(jurorTies.jurorId, entryParties.entryId)) ?? []).toEqual(reasons);
      }
    }
  });

  it('is empty without jurors or entries', () => {
    expect(conflictMatrix({ organisations, jurors: [], entries }).size).toBe(0);
    expect(conflictMatrix({ organisations, jurors, entries: [] }).size).toBe(0);
  });
});

describe('effectiveConflict', () => {
  const automatic: ConflictReason[] = [
    { kind: 'entrant', jurorOrgId: AMERSFOORT, via: 'employer', entryOrgId: AMERSFOORT },
  ];

  it.each([
    // automatic, declared, override → result
    [false, false, null, { conflicted: false, source: null }],
    [true, false, null, { conflicted: true, source: 'automatic' }],
    [false, true, null, { conflicted: true, source: 'declared' }],
    [true, true, null, { conflicted: true, source: 'declared' }],
    [false, false, 'added', { conflicted: true, source: 'organiser' }],
    [true, false, 'added', { conflicted: true, source: 'automatic' }],
    [false, true, 'added', { conflicted: true, source: 'declared' }],
    [true, true, 'added', { conflicted: true, source: 'declared' }],
    [true, false, 'lifted', { conflicted: false, source: 'organiser' }],
    [false, false, 'lifted', { conflicted: false, source: null }],
    [false, true, 'lifted', { conflicted: true, source: 'declared' }],
    [true, true, 'lifted', { conflicted: true, source: 'declared' }],
  ] as const)('automatic=%s declared=%s override=%s → %o', (hasAutomatic, declared, override, expected) => {
    expect(effectiveConflict({ automatic: hasAutomatic ? automatic : [], declared, override })).toEqual(
      expected,
    );
  });
});
