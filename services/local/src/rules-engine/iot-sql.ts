import { IotSqlEvaluationError } from './iot-sql-errors';
import { and, compare, not, or, toBoolean } from './iot-sql-operators';
import { type Expression, parseIotSql } from './iot-sql-parser';
import { compileTopicFilter } from './topic-filter';

/** One MQTT message as a rule sees it. */
export interface RuleInput {
  readonly topic: string;
  readonly payload: Buffer;
  /** The publishing MQTT client; absent for messages the stack publishes itself. */
  readonly clientId?: string;
  /** When the broker received the message (epoch ms): what `timestamp()` returns. */
  readonly timestamp: number;
}

export interface CompiledIotSql {
  readonly sql: string;
  /** The FROM clause's topic filter, validated. */
  readonly topicFilter: string;
  /**
   * The rule's output for `message`, or undefined when the message's topic does not match FROM or
   * WHERE is not true (false or Undefined). Keys whose value is Undefined are left out.
   * Throws `IotSqlEvaluationError` when the SQL needs the payload and it is not a JSON object.
   */
  select(message: RuleInput): Record<string, unknown> | undefined;
  /**
   * Whether the rule selects `message`, where that is known without reading the payload: false
   * when the topic does not match FROM; true when it does and WHERE (if any) reads no payload
   * field and is true; undefined when only `select` can tell.
   */
  matches(message: RuleInput): boolean | undefined;
  /**
   * The rule's output for a message `matches` said true for, without checking FROM and WHERE
   * again. Throws like `select`.
   */
  selectMatched(message: RuleInput): Record<string, unknown>;
}

/** What `clientid()` returns in AWS for a message that did not come from an MQTT client. */
const NO_CLIENT_ID = 'n/a';

type Evaluate = (message: MessageScope) => unknown;

/**
 * Compiles a rule's SQL (the subset of IoT SQL 2016-03-23 described in `iot-sql-parser.ts`) once,
 * for evaluation on every message. Throws `IotSqlSyntaxError` for SQL outside that subset.
 */
export function compileIotSql(sql: string): CompiledIotSql {
  const statement = parseIotSql(sql);
  const matchesTopic = compileTopicFilter(statement.from);
  const where = statement.where && compileExpression(statement.where);
  const selectAll = statement.select.some((item) => item.kind === 'all');
  const items = statement.select.flatMap((item) =>
    item.kind === 'expression'
      ? [{ key: item.key, evaluate: compileExpression(item.expression) }]
      : [],
  );

  const whereReadsPayload = statement.where !== undefined && readsPayload(statement.where);

  return {
    sql,
    topicFilter: statement.from,
    matches(message) {
      if (!matchesTopic(message.topic)) return false;
      if (!where) return true;
      if (whereReadsPayload) return undefined;
      return toBoolean(where(new MessageScope(message))) === true;
    },
    select(message) {
      if (!matchesTopic(message.topic)) return undefined;
      const scope = new MessageScope(message);
      // WHERE first: a message the rule does not select is never parsed, nor failed for its payload.
      if (where && toBoolean(where(scope)) !== true) return undefined;
      return output(scope);
    },
    selectMatched: (message) => output(new MessageScope(message)),
  };

  function output(scope: MessageScope): Record<string, unknown> {
    if (selectAll && items.length === 0) return scope.payload();
    // A Map, then fromEntries: keys are defined as data, so a "__proto__" key stays a key.
    const result = new Map<string, unknown>(selectAll ? Object.entries(scope.payload()) : []);
    for (const { key, evaluate } of items) {
      const value = evaluate(scope);
      // A later item replaces a payload key; an Undefined one removes it, as it cannot be sent.
      if (value === undefined) result.delete(key);
      else result.set(key, value);
    }
    return Object.fromEntries(result);
  }
}

/** Whether evaluating `expression` needs the payload (its fields), not just the envelope. */
function readsPayload(expression: Expression): boolean {
  switch (expression.kind) {
    case 'literal':
    case 'topic':
    case 'clientid':
    case 'timestamp':
      return false;
    case 'field':
      return true;
    case 'comparison':
    case 'and':
    case 'or':
      return readsPayload(expression.left) || readsPayload(expression.right);
    case 'not':
      return readsPayload(expression.operand);
  }
}

function compileExpression(expression: Expression): Evaluate {
  switch (expression.kind) {
    case 'literal': {
      const { value } = expression;
      return () => value;
    }
    case 'field': {
      const { path } = expression;
      return (scope) => fieldAt(scope.payload(), path);
    }
    case 'topic': {
      const { level } = expression;
      if (level === undefined) return (scope) => scope.message.topic;
      return (scope) => scope.topicLevels()[level - 1];
    }
    case 'clientid':
      return (scope) => scope.message.clientId ?? NO_CLIENT_ID;
    case 'timestamp':
      return (scope) => scope.message.timestamp;
    case 'comparison': {
      const { operator } = expression;
      const left = compileExpression(expression.left);
      const right = compileExpression(expression.right);
      return (scope) => compare(operator, left(scope), right(scope));
    }
    case 'and':
    case 'or': {
      const combine = expression.kind === 'and' ? and : or;
      const left = compileExpression(expression.left);
      const right = compileExpression(expression.right);
      // Both sides are evaluated: IoT's AND/OR are Undefined when either side is.
      return (scope) => combine(left(scope), right(scope));
    }
    case 'not': {
      const operand = compileExpression(expression.operand);
      return (scope) => not(operand(scope));
    }
  }
}

/** A field of a JSON object by path; Undefined when any step is missing or not an object. */
function fieldAt(payload: Record<string, unknown>, path: readonly string[]): unknown {
  let value: unknown = payload;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    if (!Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** One message during one evaluation: parses the payload and splits the topic at most once. */
class MessageScope {
  private levels: string[] | undefined;
  private parsed: Record<string, unknown> | undefined;

  constructor(readonly message: RuleInput) {}

  topicLevels(): string[] {
    this.levels ??= this.message.topic.split('/');
    return this.levels;
  }

  payload(): Record<string, unknown> {
    this.parsed ??= parsePayload(this.message.payload);
    return this.parsed;
  }
}

function parsePayload(payload: Buffer): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(payload.toString('utf8'));
  } catch (cause) {
    throw new IotSqlEvaluationError('payload is not valid JSON', { cause });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new IotSqlEvaluationError('payload is not a JSON object');
  }
  return value as Record<string, unknown>;
}
