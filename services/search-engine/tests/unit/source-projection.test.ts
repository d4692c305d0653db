import { makeSourceFilter, parseSourceFilter } from '../../src/search/source-filter';
import { makeSourceProjection } from '../../src/search/source-projection';

/** Deterministic PRNG, so a failure reproduces. */
function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = [
  'vin',
  'geo',
  'lat',
  'lon',
  'codes',
  'code',
  'a',
  'b',
  'a.b',
  '',
  'é',
  '😀',
  'k\\u0041',
];
const RARE_KEYS = ['1', '10', '__proto__'];
const STRINGS = [
  '"x"',
  '"A\\u0042c"',
  '"line\\nbreak"',
  '"sl\\/ash"',
  '"😀 é"',
  '""',
  '"q\\"uote"',
];
const NUMBERS = ['0', '-0', '1.0', '1e2', '1E+2', '-12.50', '12345678901234567890', '1e400', '0.1'];
const LITERALS = ['true', 'false', 'null'];

/** Random JSON text, spelled the ways clients spell it (spaces, escapes, number forms). */
function jsonText(random: () => number, depth: number, object = false): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const space = () => pick(['', '', ' ', '\n  ', '\t']);
  const roll = object ? 1 : random();
  if (depth > 3 || roll < 0.35) return pick([...STRINGS, ...NUMBERS, ...LITERALS]);
  if (roll < 0.55) {
    const n = Math.floor(random() * 4);
    const items = Array.from({ length: n }, () => space() + jsonText(random, depth + 1) + space());
    return `[${items.join(',')}]`;
  }
  const n = Math.floor(random() * 5);
  const members = Array.from({ length: n }, () => {
    const key = random() < 0.03 ? pick(RARE_KEYS) : pick(KEYS);
    return `${space()}"${key}"${space()}:${space()}${jsonText(random, depth + 1)}${space()}`;
  });
  return `{${members.join(',')}}`;
}

const PATTERNS = [
  'vin',
  'geo',
  'geo.lat',
  'geo.*',
  '*.code',
  'codes.code',
  'a',
  'a.b',
  'a.b.a',
  '',
  'é',
  'kA',
  '*',
  'c*',
  '1',
  '__proto__',
];

describe('source projection', () => {
  it('builds exactly what parsing and filtering builds, or declines', () => {
    const random = mulberry32(7);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
    let projected = 0;
    let declined = 0;
    for (let i = 0; i < 10_000; i++) {
      const source = jsonText(random, 0, true);
      const includes = Array.from({ length: Math.floor(random() * 3) }, () => pick(PATTERNS));
      const excludes = Array.from({ length: random() < 0.3 ? 1 : 0 }, () => pick(PATTERNS));
      const filter = parseSourceFilter({ includes, excludes });
      const project = makeSourceProjection(filter);
      const walk = makeSourceFilter(filter);
      if (!project || !walk) continue;
      const expected = JSON.stringify(walk(JSON.parse(source)));
      const value = project(source);
      if (value === undefined) {
        declined++;
        continue;
      }
      projected++;
      const actual = JSON.stringify(value);
      if (actual !== expected) {
        throw new Error(`${JSON.stringify(filter)} on ${source}: ${actual} !== ${expected}`);
      }
    }
    // Random keys repeat often here; stored documents rarely repeat one.
    expect(projected).toBeGreaterThan(declined * 3);
  });

  it('declines what JSON.parse would merge, only when that part is kept', () => {
    const filter = parseSourceFilter({ includes: ['vin', 'extra'] });
    const project = makeSourceProjection(filter)!;
    const walk = makeSourceFilter(filter)!;
    const same = (json: string) =>
      expect(JSON.stringify(project(json))).toBe(JSON.stringify(walk(JSON.parse(json))));
    same('{"vin":"V1","dup":1,"dup":2}');
    same('{"extra":{"b":1,"2":1,"1":2}}');
    same('{"10":1,"vin":"V1"}');
    expect(project('{"vin":"V1","vin":"V2"}')).toBeUndefined();
    expect(project('{"extra":{"__proto__":{"x":1}}}')).toBeUndefined();
  });

  it('builds kept values as JSON.parse does', () => {
    const project = makeSourceProjection(
      parseSourceFilter({ includes: ['n', 's', 'k*'], excludes: ['n.skip'] }),
    )!;
    expect(
      JSON.stringify(project('{ "n" : [1.0, -0, 1e2, 1e400, 7], "s": "a\\u0041\\/", "kA": true }')),
    ).toBe('{"n":[1,0,100,null,7],"s":"aA/","kA":true}');
    expect(project('{"k\\u0041":{"x":null},"other":{"n":1}}')).toEqual({ kA: { x: null } });
  });
});
