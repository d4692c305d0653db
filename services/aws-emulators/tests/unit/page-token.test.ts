import {
  compareKeys,
  decodePageToken,
  encodePageToken,
  nextPageMember,
  pageAfter,
  pagePosition,
} from '../../src/paging/page-token';

describe('page tokens', () => {
  it('round-trip the position for the same listing only', () => {
    const token = encodePageToken('ListThings|a', 'car-7');
    expect(decodePageToken(token, 'ListThings|a')).toBe('car-7');
    expect(decodePageToken(token, 'ListThings|b')).toBeUndefined();
  });

  it('refuse tokens that are not ours', () => {
    expect(decodePageToken('garbage', 'q')).toBeUndefined();
    expect(decodePageToken(Buffer.from('[1,2]').toString('base64url'), 'q')).toBeUndefined();
    expect(
      decodePageToken(Buffer.from('{"q":"q","a":5}').toString('base64url'), 'q'),
    ).toBeUndefined();
  });
});

describe('pageAfter', () => {
  const keys = ['a', 'b', 'c', 'd', 'e'];
  const page = (after: string | undefined, limit: number) =>
    pageAfter(keys, (k) => k, after, limit);

  it('pages through sorted keys, with a last key only while more remain', () => {
    expect(page(undefined, 2)).toEqual({ items: ['a', 'b'], lastKey: 'b' });
    expect(page('b', 2)).toEqual({ items: ['c', 'd'], lastKey: 'd' });
    expect(page('d', 2)).toEqual({ items: ['e'] });
    expect(page(undefined, 5)).toEqual({ items: keys });
  });

  it('continues after a key that has since gone', () => {
    expect(page('bb', 2)).toEqual({ items: ['c', 'd'], lastKey: 'd' });
    expect(page('z', 2)).toEqual({ items: [] });
  });

  it('sorts by code unit, as the pages expect', () => {
    expect(['b', 'B', 'a', '_'].sort(compareKeys)).toEqual(['B', '_', 'a', 'b']);
  });
});

describe('pagePosition and nextPageMember', () => {
  const invalid = () => new Error('not our token');

  it('start at the beginning without a token and continue after the key a token carries', () => {
    expect(pagePosition(undefined, 'q', invalid)).toBeUndefined();
    expect(pagePosition(encodePageToken('q', 'car-3'), 'q', invalid)).toBe('car-3');
  });

  it("refuse another listing's token, or garbage, with the API's error", () => {
    expect(() => pagePosition(encodePageToken('other', 'car-3'), 'q', invalid)).toThrow(
      'not our token',
    );
    expect(() => pagePosition('garbage', 'q', invalid)).toThrow('not our token');
  });

  it('name the next page under the member given, and nothing after the last page', () => {
    const member = nextPageMember('nextMarker', 'q', 'car-3');
    expect(Object.keys(member)).toEqual(['nextMarker']);
    expect(pagePosition(member.nextMarker, 'q', invalid)).toBe('car-3');
    expect(nextPageMember('nextToken', 'q', undefined)).toEqual({});
  });
});
