import { KeywordColumn } from '../../src/index/columns';
import { TermOrder } from '../../src/index/term-order';

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Checks ranks and order against a plain sort of the dictionary. */
function expectOrdered(order: TermOrder, terms: readonly string[]): void {
  const expected = [...terms].sort(byString);
  expect(Array.from(order.sorted(), (id) => terms[id])).toEqual(expected);
  const ranks = order.ranks();
  terms.forEach((term, id) => expect(ranks[id]).toBe(expected.indexOf(term)));
}

describe('term order', () => {
  it('ranks terms as JavaScript orders strings, merging terms added later', () => {
    const terms: string[] = ['VIN9', 'VIN1', 'b', 'A', 'VIN10'];
    const order = new TermOrder(terms);
    expectOrdered(order, terms);
    terms.push('VIN0', 'a', 'VIN99', '');
    expectOrdered(order, terms);
    terms.push('é', 'Z');
    expectOrdered(order, terms);
  });

  it('finds where a term that is no term would sit', () => {
    const terms = ['b', 'd', 'f'];
    const order = new TermOrder(terms);
    expect(order.lowerBound('a')).toBe(0);
    expect(order.lowerBound('b')).toBe(0);
    expect(order.lowerBound('c')).toBe(1);
    expect(order.lowerBound('f')).toBe(2);
    expect(order.lowerBound('g')).toBe(3);
  });

  it('says when ranks also follow code point order', () => {
    const terms = ['a', 'Äpfel'];
    const order = new TermOrder(terms);
    expect(order.matchesCodePointOrder()).toBe(true);
    terms.push('\uff21'); // above the surrogates: UTF-16 and code point order part here
    expect(order.matchesCodePointOrder()).toBe(false);
  });

  it('survives a column rebuild (compaction) keeping the order of the remaining terms', () => {
    const column = new KeywordColumn();
    ['m', 'c', 'x', 'a', 'q'].forEach((term, ord) => column.add(ord, [term]));
    column.order.ranks();
    const rebuilt = new KeywordColumn();
    ['q', 'a', 'x'].forEach((term, ord) => rebuilt.add(ord, [term]));
    rebuilt.order.inherit(column.order, rebuilt.termIds);
    expectOrdered(rebuilt.order, rebuilt.terms);
    rebuilt.add(3, ['b']);
    expectOrdered(rebuilt.order, rebuilt.terms);
  });
});
