export type ComparisonOperator = '=' | '<>' | '!=' | '<' | '<=' | '>' | '>=';
export type SymbolText = '(' | ')' | ',' | '.' | '*' | '-' | ComparisonOperator;

/** One token of IoT SQL; `offset` is its 0-based start in the statement. */
export type Token =
  | { readonly kind: 'word'; readonly text: string; readonly offset: number }
  | { readonly kind: 'string'; readonly value: string; readonly offset: number }
  | { readonly kind: 'number'; readonly value: number; readonly offset: number }
  | { readonly kind: 'symbol'; readonly text: SymbolText; readonly offset: number }
  | { readonly kind: 'end'; readonly offset: number }
  /** Text the subset cannot read; the parser reports `detail` if it gets this far. */
  | { readonly kind: 'invalid'; readonly detail: string; readonly offset: number };

const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE = /\s+/y;
// Longest first, so `<=` is not read as `<` followed by `=`.
const SYMBOLS: readonly SymbolText[] = [
  '<>',
  '!=',
  '<=',
  '>=',
  '(',
  ')',
  ',',
  '.',
  '*',
  '-',
  '=',
  '<',
  '>',
];

/** Characters of full IoT SQL that the local subset lacks, with what to tell the rule's author. */
const UNSUPPORTED_CHARACTERS: Readonly<Record<string, string>> = {
  '"': 'double-quoted strings and names are not supported; quote strings with single quotes',
  '`': 'back-quoted names are not supported',
  '[': 'array indexing is not supported',
  '{': 'object literals are not supported',
  '+': 'arithmetic operators are not supported',
  '/': 'arithmetic operators are not supported',
  '%': 'arithmetic operators are not supported',
  '|': 'the || operator is not supported',
  ';': 'a statement must not end with ";"',
};

/**
 * Splits a statement into tokens. Never throws: unreadable text becomes an 'invalid' token, so
 * the parser reports the first problem in reading order (`FROM dt/x` is a missing quote, not a
 * stray "/").
 */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  const matchAt = (pattern: RegExp, offset: number): string | undefined => {
    pattern.lastIndex = offset;
    return pattern.exec(sql)?.[0];
  };

  let offset = 0;
  while (offset < sql.length) {
    const whitespace = matchAt(WHITESPACE, offset);
    if (whitespace !== undefined) {
      offset += whitespace.length;
      continue;
    }
    const char = sql.charAt(offset);
    if (char === "'") {
      const value = readString(sql, offset);
      if (value === undefined) {
        tokens.push({ kind: 'invalid', detail: 'unterminated string literal', offset });
        break;
      }
      tokens.push({ kind: 'string', value: value.text, offset });
      offset = value.end;
      continue;
    }
    const word = matchAt(WORD, offset);
    if (word !== undefined) {
      tokens.push({ kind: 'word', text: word, offset });
      offset += word.length;
      continue;
    }
    const number = matchAt(NUMBER, offset);
    if (number !== undefined) {
      const rest = matchAt(/[A-Za-z0-9_.]+/y, offset + number.length);
      if (rest !== undefined) {
        const detail = `malformed number '${number}${rest}'`;
        tokens.push({ kind: 'invalid', detail, offset });
        offset += number.length + rest.length;
        continue;
      }
      tokens.push({ kind: 'number', value: Number(number), offset });
      offset += number.length;
      continue;
    }
    const symbol = SYMBOLS.find((candidate) => sql.startsWith(candidate, offset));
    if (symbol !== undefined) {
      tokens.push({ kind: 'symbol', text: symbol, offset });
      offset += symbol.length;
      continue;
    }
    const detail = UNSUPPORTED_CHARACTERS[char] ?? `unexpected character '${char}'`;
    tokens.push({ kind: 'invalid', detail, offset });
    offset++;
  }
  tokens.push({ kind: 'end', offset: sql.length });
  return tokens;
}

/** The single-quoted string at `start` (`''` inside stands for one quote); undefined if unclosed. */
function readString(sql: string, start: number): { text: string; end: number } | undefined {
  let text = '';
  let offset = start + 1;
  for (;;) {
    const close = sql.indexOf("'", offset);
    if (close === -1) return undefined;
    text += sql.slice(offset, close);
    if (sql.charAt(close + 1) !== "'") return { text, end: close + 1 };
    text += "'";
    offset = close + 2;
  }
}
