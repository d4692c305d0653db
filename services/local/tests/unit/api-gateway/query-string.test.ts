import { parseQueryString } from '../../../src/api-gateway/query-string';

describe('parseQueryString', () => {
  it('keeps every value of a repeated key, and the last one alone', () => {
    expect(parseQueryString('tag=a&limit=10&tag=b')).toEqual({
      single: { tag: 'b', limit: '10' },
      multi: { tag: ['a', 'b'], limit: ['10'] },
    });
  });

  it('gives null for no parameters', () => {
    expect(parseQueryString('')).toEqual({ single: null, multi: null });
    expect(parseQueryString('&')).toEqual({ single: null, multi: null });
  });

  it('decodes percent-encoding, keeps +, and takes a bare key as empty', () => {
    expect(parseQueryString('q=van%207&plus=a+b&flag&bad=%E0%A4%A').single).toEqual({
      q: 'van 7',
      plus: 'a+b',
      flag: '',
      bad: '%E0%A4%A',
    });
  });
});
