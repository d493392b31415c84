// The interop matrix's pair selection: all pairs, the seeded sample, the threshold, and the teacher's CSV of pairs.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../grader/errors.js';
import {
  ALL_PAIRS_UP_TO,
  DEFAULT_SAMPLE,
  allPairs,
  choosePairs,
  matchPairsCsv,
  parsePairsCsv,
  samplePairs,
  type PairCandidate,
} from '../../grader/pairs/select.js';
import { REFERENCE_ID, type PlannedPair } from '../../grader/pairs/types.js';

/** n students named s00…, each with both programs unless told otherwise. */
function cls(n: number, roles: (i: number) => Partial<PairCandidate> = () => ({})): PairCandidate[] {
  return Array.from({ length: n }, (_, i) => ({ id: `s${String(i).padStart(2, '0')}`, name: `Student ${i}`, hasClient: true, hasServer: true, ...roles(i) }));
}

const key = (p: PlannedPair) => `${p.client}>${p.server}`;
const countBy = (pairs: PlannedPair[], side: 'client' | 'server') => {
  const m = new Map<string, number>();
  for (const p of pairs) m.set(p[side], (m.get(p[side]) ?? 0) + 1);
  return m;
};

describe('allPairs', () => {
  it('runs every client against every server, diagonal included, ordered by server then client', () => {
    const c = cls(4, (i) => ({ hasServer: i !== 3, hasClient: i !== 0 }));
    const pairs = allPairs('echo', c);
    expect(pairs).toHaveLength(3 * 3);
    expect(pairs.slice(0, 4).map(key)).toEqual(['s01>s00', 's02>s00', 's03>s00', 's01>s01']);
    expect(pairs.map(key)).toContain('s02>s02');
    expect(pairs.every((p) => p.exercise === 'echo')).toBe(true);
  });
});

describe('samplePairs', () => {
  const forty = cls(40);

  it('gives every client exactly k servers and every server exactly k clients when counts are equal', () => {
    const pairs = samplePairs('echo', forty, 5, 'class-a');
    expect(pairs).toHaveLength(200);
    expect([...countBy(pairs, 'client').values()].every((n) => n === 5)).toBe(true);
    expect(countBy(pairs, 'server').size).toBe(40);
    expect([...countBy(pairs, 'server').values()].every((n) => n === 5)).toBe(true);
    expect(new Set(pairs.map(key)).size).toBe(pairs.length);
  });

  it('is the same sample whatever order the submissions were read in, sorted like allPairs', () => {
    const a = samplePairs('echo', forty, 5, 'class-a');
    const reordered = [...forty.slice(17), ...forty.slice(0, 17)].reverse();
    const b = samplePairs('echo', reordered, 5, 'class-a');
    expect(new Set(b.map(key))).toEqual(new Set(a.map(key)));
    const order = allPairs('echo', reordered).map(key);
    expect(b.map(key)).toEqual(order.filter((k) => b.some((p) => key(p) === k)));
    expect(samplePairs('echo', forty, 5, 'class-a')).toEqual(a);
  });

  it('draws another sample for another seed', () => {
    const a = samplePairs('echo', forty, 5, 'class-a').map(key);
    const b = samplePairs('echo', forty, 5, 'class-b').map(key);
    expect(b).not.toEqual(a);
  });

  it('keeps k servers per client and at least k clients per server with 40 clients and 35 servers', () => {
    const c = cls(40, (i) => ({ hasServer: i < 35 }));
    const pairs = samplePairs('echo', c, 5, 'uneven');
    expect([...countBy(pairs, 'client').values()].every((n) => n === 5)).toBe(true);
    const servers = countBy(pairs, 'server');
    expect(servers.size).toBe(35);
    expect([...servers.values()].every((n) => n >= 5)).toBe(true);
    expect(pairs.every((p) => Number(p.server.slice(1)) < 35)).toBe(true);
    expect(new Set(pairs.map(key)).size).toBe(pairs.length);
  });

  it('tops up servers left short when there are fewer clients than servers', () => {
    const c = cls(40, (i) => ({ hasClient: i < 12 }));
    const pairs = samplePairs('echo', c, 5, 'few-clients');
    const servers = countBy(pairs, 'server');
    expect(servers.size).toBe(40);
    expect([...servers.values()].every((n) => n >= 5)).toBe(true);
    expect([...countBy(pairs, 'client').values()].every((n) => n >= 5)).toBe(true);
    expect(new Set(pairs.map(key)).size).toBe(pairs.length);
    // Fewer clients than k: every server meets all of them.
    const three = samplePairs('echo', cls(20, (i) => ({ hasClient: i < 3 })), 5, 'x');
    expect(three).toEqual(allPairs('echo', cls(20, (i) => ({ hasClient: i < 3 }))));
  });

  it('is all pairs when k reaches the number of servers, and none for k < 1', () => {
    const c = cls(6);
    expect(samplePairs('echo', c, 6, 's')).toEqual(allPairs('echo', c));
    expect(samplePairs('echo', c, 10, 's')).toEqual(allPairs('echo', c));
    expect(samplePairs('echo', c, 0, 's')).toEqual([]);
  });
});

describe('choosePairs', () => {
  it(`runs all pairs up to ${ALL_PAIRS_UP_TO} students and samples ${DEFAULT_SAMPLE} from ${ALL_PAIRS_UP_TO + 1}`, () => {
    expect(ALL_PAIRS_UP_TO).toBe(30);
    const thirty = choosePairs('echo', cls(30), { seed: 'a' });
    expect(thirty.sampled).toBeUndefined();
    expect(thirty.pairs).toHaveLength(900);
    const more = choosePairs('echo', cls(31), { seed: 'a' });
    expect(more.sampled).toBe(DEFAULT_SAMPLE);
    expect(more.pairs).toHaveLength(31 * DEFAULT_SAMPLE);
  });

  it('samples whenever a sample is asked for, and counts only students with a program', () => {
    const asked = choosePairs('echo', cls(10), { sample: 3, seed: 'a' });
    expect(asked.sampled).toBe(3);
    expect(asked.pairs).toHaveLength(30);
    const idle = cls(40, (i) => (i >= 30 ? { hasClient: false, hasServer: false } : {}));
    expect(choosePairs('echo', idle, { seed: 'a' }).pairs).toHaveLength(900);
  });
});

describe('parsePairsCsv', () => {
  it('reads an English header, a Portuguese header in any case, and the exercise column', () => {
    expect(parsePairsCsv('client,server\nAna,Bia\n', 'p.csv')).toEqual([{ client: 'Ana', server: 'Bia', line: 2 }]);
    expect(parsePairsCsv('SERVIDOR,Cliente\nBia,Ana\n', 'p.csv')).toEqual([{ client: 'Ana', server: 'Bia', line: 2 }]);
    const rows = parsePairsCsv('cliente,servidor,exercício\nAna,Bia,echo\nCai,Dan,\n', 'p.csv');
    expect(rows).toEqual([
      { client: 'Ana', server: 'Bia', line: 2, exercise: 'echo' },
      { client: 'Cai', server: 'Dan', line: 3 },
    ]);
    expect(parsePairsCsv('client,server,exercicio\nA,B,x', 'p.csv')[0]!.exercise).toBe('x');
  });

  it('reads semicolons, quotes with "" escapes, a BOM, CRLF, blank lines and comments', () => {
    const text = '\uFEFFcliente;servidor\r\n# turma A\r\n\r\n"Silva, João";"Ana ""Bia"" Souza"\r\n;;\r\n  # later\r\nCai;Dan\r\n';
    expect(parsePairsCsv(text, 'p.csv')).toEqual([
      { client: 'Silva, João', server: 'Ana "Bia" Souza', line: 4 },
      { client: 'Cai', server: 'Dan', line: 7 },
    ]);
    expect(parsePairsCsv('"Ana\nMaria",Bia\nCai,Dan', 'p.csv').map((r) => r.line)).toEqual([1, 3]);
    expect(parsePairsCsv('"#1",Bia', 'p.csv')).toEqual([{ client: '#1', server: 'Bia', line: 1 }]);
  });

  it('reads a file without a header as client,server columns', () => {
    expect(parsePairsCsv('Ana,Bia\nCai,Dan,chat', 'p.csv')).toEqual([
      { client: 'Ana', server: 'Bia', line: 1 },
      { client: 'Cai', server: 'Dan', line: 2, exercise: 'chat' },
    ]);
    expect(parsePairsCsv('Ana;Bia\nCai;Dan\n', 'p.csv')).toEqual([
      { client: 'Ana', server: 'Bia', line: 1 },
      { client: 'Cai', server: 'Dan', line: 2 },
    ]);
    expect(parsePairsCsv('', 'p.csv')).toEqual([]);
  });

  it('throws one UsageError sentence naming file:line', () => {
    const fails = (text: string) => {
      try {
        parsePairsCsv(text, 'pares.csv');
      } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
        return (e as Error).message;
      }
      throw new Error('did not throw');
    };
    expect(fails('client,server\nAna,Bia\n\nCai\n')).toBe('pares.csv:4: expected two names (client,server), got 1.');
    expect(fails('client,server\nAna,Bia,Cai\n')).toMatch(/^pares\.csv:2: expected 2 columns \(client,server\), got 3 columns\.$/);
    expect(fails('Ana,Bia\n"Cai,Dan\n')).toMatch(/^pares\.csv:2: a quoted field is never closed/);
    expect(fails('client,partner\n')).toMatch(/^pares\.csv:1: unknown column "partner"/);
    expect(fails('Ana,Bia\nCai;Dan\n')).toBe('pares.csv:2: expected two names (client,server), got 1.');
    expect(fails('client,cliente\n')).toMatch(/^pares\.csv:1: the header must name a client and a server/);
  });
});

describe('matchPairsCsv', () => {
  const students: PairCandidate[] = [
    { id: 'jose_silva_1', name: 'José da Silva', lmsId: '1001', hasClient: true, hasServer: true },
    { id: 'jose_souza_2', name: 'José  Souza', lmsId: '1002', hasClient: true, hasServer: true },
    { id: 'joao_3', name: 'João Pereira', lmsId: '1003', hasClient: true, hasServer: true },
    { id: 'ana_4', name: 'Ana Lima', hasClient: true, hasServer: false },
    { id: 'bia_5', name: 'Beatriz Rocha', hasClient: false, hasServer: true },
  ];
  const rows = (text: string) => parsePairsCsv(`client,server,exercise\n${text}`, 'pares.csv');
  const match = (text: string, exercise = 'echo') => matchPairsCsv(rows(text), exercise, students, 'pares.csv');

  it('resolves by id, LMS id, accent- and space-insensitive name, and unique prefix or substring', () => {
    const { pairs, problems } = match('jose_silva_1,1002\njose souza,JOSÉ DA   SILVA\njoao,rocha\n');
    expect(problems).toEqual([]);
    expect(pairs).toEqual([
      { exercise: 'echo', client: 'jose_silva_1', server: 'jose_souza_2' },
      { exercise: 'echo', client: 'jose_souza_2', server: 'jose_silva_1' },
      { exercise: 'echo', client: 'joao_3', server: 'bia_5' },
    ]);
  });

  it('maps reference, referência and referencia to the reference id', () => {
    const { pairs, problems, skipped } = match('Referência,Ana\nana,reference\nreferencia,joao\n');
    expect(problems).toEqual([]);
    expect(skipped).toEqual(['pares.csv:2: Ana Lima has no server program for echo, so the pair is skipped.']);
    expect(pairs).toEqual([
      { exercise: 'echo', client: 'ana_4', server: REFERENCE_ID },
      { exercise: 'echo', client: REFERENCE_ID, server: 'joao_3' },
    ]);
  });

  it('reports ambiguous and unknown names as mistakes, and wrong-role names as skipped, with file:line', () => {
    const { pairs, problems, skipped } = match('Jose,joao\nZeca,Ana\nBeatriz,joao\njoao,Ana Lima\n');
    expect(pairs).toEqual([]);
    expect(problems).toEqual([
      'pares.csv:2: "Jose" matches 2 students (José da Silva, José  Souza); write the full name.',
      'pares.csv:3: "Zeca" matches no student; check the spelling or use the id.',
    ]);
    expect(skipped).toEqual([
      'pares.csv:3: Ana Lima has no server program for echo, so the pair is skipped.',
      'pares.csv:4: Beatriz Rocha has no client program for echo, so the pair is skipped.',
      'pares.csv:5: Ana Lima has no server program for echo, so the pair is skipped.',
    ]);
  });

  it('applies rows with an exercise only to that exercise and keeps duplicate pairs once', () => {
    const text = 'joao,1001,echo\njoao,1001\nJoão Pereira,jose_silva_1,ECHO\nana,joao,chat\n';
    expect(match(text, 'echo')).toEqual({ pairs: [{ exercise: 'echo', client: 'joao_3', server: 'jose_silva_1' }], problems: [], skipped: [] });
    expect(match(text, 'chat').pairs.map(key)).toEqual(['joao_3>jose_silva_1', 'ana_4>joao_3']);
  });

  it('refuses the reference against itself', () => {
    expect(match('reference,referencia\n').problems).toEqual([
      "pares.csv:2: the reference against itself is not a student's pair; name a student on one side.",
    ]);
  });
});
