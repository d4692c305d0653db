/*
 * The subset of IoT SQL 2016-03-23 the local rules engine runs:
 *   SELECT [* ,] item [, item]... FROM '<topic filter>' [WHERE condition]
 * where an item is an expression with `AS name` (a plain field reference may omit it), and an
 * expression is a field reference (`a.b.c`), a literal ('text' with '' for a quote, numbers,
 * true, false, null), topic(), topic(n), clientid(), timestamp(), a comparison (=, <>, !=, <, <=,
 * >, >=), AND, OR, NOT or parentheses. Keywords and function names are case-insensitive.
 */
import { IotSqlSyntaxError } from './iot-sql-errors';
import { type ComparisonOperator, type SymbolText, type Token, tokenize } from './iot-sql-lexer';
import { validateTopicFilter } from './topic-filter';

export type Expression =
  | { readonly kind: 'literal'; readonly value: string | number | boolean | null }
  | { readonly kind: 'field'; readonly path: readonly string[] }
  /** `topic()` when `level` is undefined, else `topic(level)` (1-based). */
  | { readonly kind: 'topic'; readonly level: number | undefined }
  | { readonly kind: 'clientid' }
  | { readonly kind: 'timestamp' }
  | {
      readonly kind: 'comparison';
      readonly operator: ComparisonOperator;
      readonly left: Expression;
      readonly right: Expression;
    }
  | { readonly kind: 'and' | 'or'; readonly left: Expression; readonly right: Expression }
  | { readonly kind: 'not'; readonly operand: Expression };

/** `*` (the whole payload object) or one expression stored under `key` in the result. */
export type SelectItem =
  | { readonly kind: 'all' }
  | { readonly kind: 'expression'; readonly key: string; readonly expression: Expression };

export interface IotSqlStatement {
  readonly select: readonly SelectItem[];
  readonly from: string;
  readonly where: Expression | undefined;
}

/** Words with a meaning in the subset; none can start a field reference or be an alias. */
const KEYWORDS = new Set([
  'SELECT',
  'FROM',
  'WHERE',
  'AS',
  'AND',
  'OR',
  'NOT',
  'TRUE',
  'FALSE',
  'NULL',
]);

/** Words of full IoT SQL (or SQL) the subset lacks: named in the error instead of "unexpected". */
const UNSUPPORTED_KEYWORDS = new Set([
  'SET',
  'CASE',
  'WHEN',
  'THEN',
  'ELSE',
  'END',
  'IN',
  'IS',
  'LIKE',
  'BETWEEN',
  'EXISTS',
  'DISTINCT',
  'ORDER',
  'GROUP',
  'BY',
  'HAVING',
  'LIMIT',
  'JOIN',
  'UNION',
]);

const FUNCTIONS = 'topic(), topic(n), clientid() and timestamp()';

/** Parses the supported subset of IoT SQL 2016-03-23; throws `IotSqlSyntaxError` on anything else. */
export function parseIotSql(sql: string): IotSqlStatement {
  return new Parser(sql).statement();
}

class Parser {
  private readonly tokens: Token[];
  private index = 0;

  constructor(private readonly sql: string) {
    this.tokens = tokenize(sql);
  }

  statement(): IotSqlStatement {
    this.expectKeyword('SELECT');
    const select = this.selectList();
    this.expectKeyword('FROM');
    const from = this.topicFilter();
    let where: Expression | undefined;
    if (this.acceptKeyword('WHERE')) {
      where = this.expression();
      this.expectEnd('AND, OR or the end of the statement');
    } else {
      this.expectEnd('WHERE or the end of the statement');
    }
    return { select, from, where };
  }

  private selectList(): SelectItem[] {
    const items: SelectItem[] = [];
    do {
      const token = this.peek();
      if (this.acceptSymbol('*')) {
        // AWS merges later items over the payload; `*` anywhere else would make that ambiguous.
        if (items.length > 0) this.fail(token, '* must be the first item of the SELECT list');
        items.push({ kind: 'all' });
      } else {
        items.push(this.selectExpression());
      }
    } while (this.acceptSymbol(','));
    const next = this.peek();
    if (!this.isKeyword(next, 'FROM')) this.unexpected(next, '"," or FROM');
    return items;
  }

  private selectExpression(): SelectItem {
    const start = this.peek();
    const expression = this.expression();
    if (this.acceptKeyword('AS')) {
      const aliasToken = this.peek();
      if (aliasToken.kind !== 'word' || KEYWORDS.has(aliasToken.text.toUpperCase())) {
        return this.unexpected(aliasToken, 'a name after AS');
      }
      this.index++;
      if (this.peekSymbol('.')) {
        this.fail(this.peek(), 'nested aliases (AS a.b) are not supported');
      }
      return { kind: 'expression', key: aliasToken.text, expression };
    }
    // As in AWS, `SELECT a.b` yields the key `b`.
    if (expression.kind === 'field') {
      return { kind: 'expression', key: expression.path.at(-1) ?? '', expression };
    }
    return this.fail(start, 'this SELECT expression needs a name: add AS <name>');
  }

  private topicFilter(): string {
    const token = this.peek();
    if (token.kind !== 'string') {
      return this.unexpected(token, "a quoted topic filter such as 'dt/cvra/#'");
    }
    this.index++;
    const reason = validateTopicFilter(token.value);
    if (reason !== undefined) this.fail(token, `invalid topic filter '${token.value}': ${reason}`);
    return token.value;
  }

  private expression(): Expression {
    let left = this.conjunction();
    while (this.acceptKeyword('OR')) left = { kind: 'or', left, right: this.conjunction() };
    return left;
  }

  private conjunction(): Expression {
    let left = this.negation();
    while (this.acceptKeyword('AND')) left = { kind: 'and', left, right: this.negation() };
    return left;
  }

  // NOT binds looser than comparisons, as in SQL: `NOT a = b` is `NOT (a = b)`.
  private negation(): Expression {
    if (this.acceptKeyword('NOT')) return { kind: 'not', operand: this.negation() };
    return this.comparison();
  }

  private comparison(): Expression {
    const left = this.operand();
    const operator = this.comparisonOperator();
    if (operator === undefined) return left;
    const right = this.operand();
    if (this.comparisonOperator() !== undefined) {
      this.fail(this.tokens[this.index - 1] ?? this.peek(), 'comparisons cannot be chained');
    }
    return { kind: 'comparison', operator, left, right };
  }

  private comparisonOperator(): ComparisonOperator | undefined {
    const token = this.peek();
    if (token.kind !== 'symbol') return undefined;
    switch (token.text) {
      case '=':
      case '<>':
      case '!=':
      case '<':
      case '<=':
      case '>':
      case '>=':
        this.index++;
        return token.text;
      default:
        return undefined;
    }
  }

  private operand(): Expression {
    const token = this.peek();
    switch (token.kind) {
      case 'string':
      case 'number':
        this.index++;
        return { kind: 'literal', value: token.value };
      case 'symbol':
        if (this.acceptSymbol('(')) {
          const inner = this.expression();
          this.expectSymbol(')');
          return inner;
        }
        if (this.acceptSymbol('-')) {
          const number = this.peek();
          if (number.kind !== 'number') {
            return this.fail(token, 'arithmetic is not supported; "-" may only precede a number');
          }
          this.index++;
          return { kind: 'literal', value: -number.value };
        }
        return this.unexpected(token, 'a value');
      case 'word':
        return this.wordOperand(token);
      case 'end':
      case 'invalid':
        return this.unexpected(token, 'a value');
    }
  }

  private wordOperand(token: Token & { kind: 'word' }): Expression {
    const upper = token.text.toUpperCase();
    if (upper === 'TRUE' || upper === 'FALSE') {
      this.index++;
      return { kind: 'literal', value: upper === 'TRUE' };
    }
    if (upper === 'NULL') {
      this.index++;
      return { kind: 'literal', value: null };
    }
    if (KEYWORDS.has(upper)) return this.unexpected(token, 'a value');
    this.index++;
    if (this.peekSymbol('(')) return this.functionCall(token);
    if (UNSUPPORTED_KEYWORDS.has(upper)) return this.unexpected(token, 'a value');
    const path = [token.text];
    while (this.acceptSymbol('.')) {
      const segment = this.peek();
      if (segment.kind !== 'word') return this.unexpected(segment, 'a field name after "."');
      this.index++;
      path.push(segment.text);
    }
    return { kind: 'field', path };
  }

  private functionCall(name: Token & { kind: 'word' }): Expression {
    const fn = name.text.toLowerCase();
    // Checked before the arguments, whose syntax (`cast(a AS String)`) may be outside the subset too.
    if (fn !== 'topic' && fn !== 'clientid' && fn !== 'timestamp') {
      return this.fail(
        name,
        `unsupported function ${name.text}(); the local rules engine supports ${FUNCTIONS}`,
      );
    }
    this.expectSymbol('(');
    const args: { token: Token; expression: Expression }[] = [];
    if (!this.acceptSymbol(')')) {
      do {
        const token = this.peek();
        args.push({ token, expression: this.expression() });
      } while (this.acceptSymbol(','));
      this.expectSymbol(')');
    }
    const [first] = args;
    if (fn !== 'topic') {
      if (first !== undefined) this.fail(first.token, `${fn}() takes no arguments`);
      return { kind: fn };
    }
    if (first === undefined) return { kind: 'topic', level: undefined };
    const level = first.expression;
    if (
      args.length > 1 ||
      level.kind !== 'literal' ||
      typeof level.value !== 'number' ||
      !Number.isSafeInteger(level.value) ||
      level.value < 1
    ) {
      return this.fail(first.token, 'topic(n) takes one whole number of at least 1');
    }
    return { kind: 'topic', level: level.value };
  }

  private peek(): Token {
    // tokenize() always ends with an 'end' token, and the parser never moves past it.
    return this.tokens[this.index] ?? { kind: 'end', offset: this.sql.length };
  }

  private isKeyword(token: Token, keyword: string): boolean {
    return token.kind === 'word' && token.text.toUpperCase() === keyword;
  }

  private acceptKeyword(keyword: string): boolean {
    if (!this.isKeyword(this.peek(), keyword)) return false;
    this.index++;
    return true;
  }

  private expectKeyword(keyword: string): void {
    if (!this.acceptKeyword(keyword)) this.unexpected(this.peek(), keyword);
  }

  private peekSymbol(symbol: SymbolText): boolean {
    const token = this.peek();
    return token.kind === 'symbol' && token.text === symbol;
  }

  private acceptSymbol(symbol: SymbolText): boolean {
    if (!this.peekSymbol(symbol)) return false;
    this.index++;
    return true;
  }

  private expectSymbol(symbol: SymbolText): void {
    if (!this.acceptSymbol(symbol)) this.unexpected(this.peek(), `"${symbol}"`);
  }

  private expectEnd(expected: string): void {
    const token = this.peek();
    if (token.kind !== 'end') this.unexpected(token, expected);
  }

  private unexpected(token: Token, expected: string): never {
    if (token.kind === 'invalid') this.fail(token, token.detail);
    if (token.kind === 'word' && UNSUPPORTED_KEYWORDS.has(token.text.toUpperCase())) {
      this.fail(token, `${token.text.toUpperCase()} is not supported by the local rules engine`);
    }
    return this.fail(token, `expected ${expected} but found ${describe(token)}`);
  }

  private fail(token: Token, detail: string): never {
    throw new IotSqlSyntaxError(this.sql, token.offset + 1, detail);
  }
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'word':
    case 'symbol':
      return `"${token.text}"`;
    case 'string':
      return `the string '${token.value}'`;
    case 'number':
      return `the number ${token.value}`;
    case 'end':
      return 'the end of the statement';
    case 'invalid':
      return token.detail;
  }
}
