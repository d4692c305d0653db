import { IOT_RULES } from '@fleet/iot-rules';
import { compileIotSql, type RuleInput } from '../../../src/rules-engine/iot-sql';
import { IotSqlEvaluationError, IotSqlSyntaxError } from '../../../src/rules-engine/iot-sql-errors';

const receivedAt = Date.parse('2026-11-30T09:00:00Z');

function message(topic: string, payload: unknown, clientId?: string): RuleInput {
  const bytes = Buffer.isBuffer(payload) ? payload : Buffer.from(JSON.stringify(payload));
  return { topic, payload: bytes, clientId, timestamp: receivedAt };
}

function select(sql: string, input: RuleInput) {
  return compileIotSql(sql).select(input);
}

function rule(name: string) {
  const found = IOT_RULES.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no rule ${name}`);
  return compileIotSql(found.sql);
}

function syntaxErrorOf(sql: string): IotSqlSyntaxError {
  try {
    compileIotSql(sql);
  } catch (error) {
    if (error instanceof IotSqlSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected a syntax error for: ${sql}`);
}

describe('IOT_RULES under the local rules engine', () => {
  it('compiles every rule', () => {
    expect(IOT_RULES.map((r) => compileIotSql(r.sql).topicFilter)).toEqual([
      'dt/cvra/+/cardata',
      'dt/cvra/+/dtc',
      'dt/cvra/+/trip',
      'dt/cvra/+/event',
      'dt/cvra/#',
      'dt/cvra/+',
      'dt/cvra/+/+/+/#',
      '$aws/events/jobExecution/#',
      '$aws/events/thing/#',
    ]);
  });

  it.each(['cardata', 'dtc', 'trip', 'event'])(
    'adds the device id and receive time to %s messages, over anything the device sent',
    (kind) => {
      const output = rule(`fleet_${kind}`).select(
        message(`dt/cvra/tcu-1/${kind}`, {
          MessageId: 'm-1',
          GeoLocation: { Latitude: 52.5 },
          deviceid: 'spoofed',
          receivedat: 0,
        }),
      );
      expect(output).toEqual({
        MessageId: 'm-1',
        GeoLocation: { Latitude: 52.5 },
        deviceid: 'tcu-1',
        receivedat: receivedAt,
      });
    },
  );

  it('leaves the other kinds and deeper topics to other rules', () => {
    const cardata = rule('fleet_cardata');
    expect(cardata.select(message('dt/cvra/tcu-1/dtc', {}))).toBeUndefined();
    expect(cardata.select(message('dt/cvra/tcu-1/cardata/extra', {}))).toBeUndefined();
    expect(cardata.select(message('dt/other/tcu-1/cardata', {}))).toBeUndefined();
  });

  it('sends device topics no handler reads to the unknown-topic rule, with their topic', () => {
    const unknown = rule('fleet_unknown_device_topic');
    expect(unknown.select(message('dt/cvra/tcu-1/diagnostics', { a: 1 }))).toEqual({
      a: 1,
      topic: 'dt/cvra/tcu-1/diagnostics',
      receivedat: receivedAt,
    });
    expect(unknown.select(message('dt/cvra/tcu-1/trip/extra', {}))).toBeUndefined();
    for (const kind of ['cardata', 'dtc', 'trip', 'event']) {
      expect(unknown.select(message(`dt/cvra/tcu-1/${kind}`, {}))).toBeUndefined();
    }
  });

  it('does not parse the payload of a message the unknown-topic rule does not select', () => {
    const unknown = rule('fleet_unknown_device_topic');
    expect(unknown.select(message('dt/cvra/tcu-1/cardata', Buffer.from('not json')))).toBe(
      undefined,
    );
  });

  it('does not select a topic too short to have a fourth level: topic(4) is Undefined', () => {
    const unknown = rule('fleet_unknown_device_topic');
    expect(unknown.select(message('dt/cvra/tcu-1', {}))).toBeUndefined();
  });

  it('passes job execution and registry events through unchanged', () => {
    const event = { eventType: 'JOB_EXECUTION', status: 'SUCCEEDED', thingArn: 'arn:x' };
    expect(
      rule('fleet_job_execution').select(
        message('$aws/events/jobExecution/job-1/succeeded', event),
      ),
    ).toEqual(event);
    expect(
      rule('fleet_thing_registry').select(message('$aws/events/thing/tcu-1/created', event)),
    ).toEqual(event);
    expect(
      rule('fleet_thing_registry').select(message('$aws/events/jobExecution/j/succeeded', event)),
    ).toBeUndefined();
  });

  it('keeps $aws topics away from the dt/cvra/# rule', () => {
    const unknown = rule('fleet_unknown_device_topic');
    expect(unknown.select(message('$aws/events/thing/tcu-1/created', {}))).toBeUndefined();
  });

  it('refuses a payload that is not a JSON object with a reason for the error sink', () => {
    const cardata = rule('fleet_cardata');
    const topic = 'dt/cvra/tcu-1/cardata';
    const invalid = message(topic, Buffer.from('{"VIN":'));
    expect(() => cardata.select(invalid)).toThrow(IotSqlEvaluationError);
    expect(() => cardata.select(invalid)).toThrow(/^payload is not valid JSON$/);
    expect(() => cardata.select(message(topic, Buffer.alloc(0)))).toThrow(IotSqlEvaluationError);
    expect(() => cardata.select(message(topic, [1, 2]))).toThrow('payload is not a JSON object');
    expect(() => cardata.select(message(topic, 'text'))).toThrow('payload is not a JSON object');
    const jobs = rule('fleet_job_execution');
    expect(() =>
      jobs.select(message('$aws/events/jobExecution/j/succeeded', Buffer.from([0xff]))),
    ).toThrow('payload is not valid JSON');
  });
});

describe('compileIotSql: SELECT', () => {
  const payload = {
    state: { reported: { speed: 48.5, gear: null, tags: ['a'] } },
    vin: 'V1',
  };

  it('reads nested fields, named by their last segment unless aliased', () => {
    expect(
      select(
        "SELECT state.reported.speed, state.reported.gear AS g, vin FROM 'a/b'",
        message('a/b', payload),
      ),
    ).toEqual({ speed: 48.5, g: null, vin: 'V1' });
  });

  it('leaves out fields that are missing or reached through a non-object', () => {
    expect(
      select(
        "SELECT missing, vin.length AS l, state.reported.tags.x AS t, state.reported AS r FROM 'a'",
        message('a', payload),
      ),
    ).toEqual({ r: payload.state.reported });
  });

  it('selects literals, with doubled quotes inside strings', () => {
    expect(
      select(
        "SELECT 'it''s' AS s, '' AS e, 42 AS i, -1.5 AS d, 2e3 AS x, true AS t, FALSE AS f, null AS n FROM 'a'",
        message('a', Buffer.from('binary, never parsed')),
      ),
    ).toEqual({ s: "it's", e: '', i: 42, d: -1.5, x: 2000, t: true, f: false, n: null });
  });

  it('evaluates topic(), topic(n), clientid() and timestamp()', () => {
    const sql =
      "SELECT topic() AS t, topic(1) AS first, topic(3) AS third, topic(4) AS fourth, clientid() AS c, timestamp() AS ts FROM 'dt/#'";
    expect(select(sql, message('dt/cvra/tcu-1', {}, 'tcu-1'))).toEqual({
      t: 'dt/cvra/tcu-1',
      first: 'dt',
      third: 'tcu-1',
      c: 'tcu-1',
      ts: receivedAt,
    });
  });

  it("returns AWS's n/a from clientid() for a message without a client", () => {
    expect(select("SELECT clientid() AS c FROM 'a'", message('a', {}))).toEqual({ c: 'n/a' });
  });

  it('lets later items replace payload keys, and an Undefined item remove one', () => {
    expect(
      select(
        "SELECT *, 'x' AS vin, topic(9) AS state, 1 AS added, 2 AS added FROM 'a'",
        message('a', payload),
      ),
    ).toEqual({ vin: 'x', added: 2 });
  });

  it('keeps a "__proto__" payload key as data', () => {
    const output = select(
      "SELECT *, 1 AS one FROM 'a'",
      message('a', Buffer.from('{"__proto__": {"polluted": true}}')),
    );
    expect(Object.getPrototypeOf(output)).toBe(Object.prototype);
    expect(Object.keys(output ?? {})).toEqual(['__proto__', 'one']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reads keywords and function names in any case, and keeps the case of aliases', () => {
    expect(
      select(
        "select *, TOPIC(2) As DeviceId, TimeStamp() as ReceivedAt from 'dt/+' Where Topic(1) = 'dt' aNd NOT false",
        message('dt/tcu-1', { Speed: 1 }),
      ),
    ).toEqual({ Speed: 1, DeviceId: 'tcu-1', ReceivedAt: receivedAt });
  });

  it('needs the payload only when the SQL reads it', () => {
    expect(
      select("SELECT topic() AS t FROM 'a/#'", message('a/b', Buffer.from('\u0000binary'))),
    ).toEqual({ t: 'a/b' });
    expect(() => select("SELECT x FROM 'a'", message('a', Buffer.from('nope')))).toThrow(
      IotSqlEvaluationError,
    );
    expect(() =>
      select("SELECT topic() AS t FROM 'a' WHERE x = 1", message('a', Buffer.from('nope'))),
    ).toThrow(IotSqlEvaluationError);
  });

  it('returns nothing for a topic its FROM filter does not match', () => {
    expect(select("SELECT * FROM 'a/+'", message('b/c', {}))).toBeUndefined();
  });
});

describe('compileIotSql: WHERE', () => {
  const sample = { speed: 50, name: 'car', n: '7', flag: 'TRUE', obj: { a: [1, 2] }, nil: null };

  function where(condition: string): boolean {
    return select(`SELECT * FROM 'a' WHERE ${condition}`, message('a', sample)) !== undefined;
  }

  it.each([
    ['speed = 50', true],
    ['speed = 50.0', true],
    ['speed <> 50', false],
    ['speed != 49', true],
    ['speed > 49.5', true],
    ['speed >= 50', true],
    ['speed < 50', false],
    ['speed <= -1', false],
    ["name = 'car'", true],
    ["name <> 'bus'", true],
    ["'car' = name", true],
    ['nil = null', true],
    ["n > 6 AND n < '8'", true], // numeric strings convert to Decimal for ordering
    ["obj = obj AND obj.a <> speed OR name = 'x'", false],
    ['flag AND true', true], // "true" strings count as Booleans
    ["speed = 1 OR name = 'car'", true],
    ["speed = 1 OR name = 'car' AND speed = 2", false], // AND binds tighter than OR
    ["(speed = 1 OR name = 'car') AND speed = 50", true],
    ['NOT speed = 1', true],
    ['NOT NOT speed = 50', true],
  ])('%s is %s', (condition, expected) => {
    expect(where(condition)).toBe(expected);
  });

  it.each([
    'missing = 1',
    'missing <> 1',
    'NOT (missing = 1)',
    "speed = '50'", // no conversion for equality: different types are Undefined
    "NOT (speed = '50')",
    "name > 'a'", // strings that are not numbers do not order
    'NOT (name > 1)',
    'missing = 1 OR speed = 50', // AND/OR with an Undefined side are Undefined
    'NOT (missing = 1 AND speed = 1)',
    'speed', // a number is not a Boolean
    "'yes'",
  ])('%s is Undefined, so the message is not selected', (condition) => {
    expect(where(condition)).toBe(false);
  });
});

describe('compileIotSql: syntax errors', () => {
  it.each([
    ['', 1, 'expected SELECT but found the end of the statement'],
    ["FROM 'a' SELECT *", 1, 'expected SELECT but found "FROM"'],
    ['SELECT * FROM', 14, 'expected a quoted topic filter'],
    ['SELECT * FROM dt/cvra', 15, 'expected a quoted topic filter'],
    ["SELECT * FROM 'a/#/b'", 15, "invalid topic filter 'a/#/b': '#' is only allowed"],
    ["SELECT * FROM 'a/b+'", 15, 'a wildcard must occupy a whole level'],
    ["SELECT topic(3) FROM 'a'", 8, 'needs a name: add AS <name>'],
    ["SELECT 'x' FROM 'a'", 8, 'needs a name'],
    ["SELECT upper(a) AS b FROM 'a'", 8, 'unsupported function upper()'],
    ["SELECT cast(a AS String) AS b FROM 'a'", 8, 'unsupported function cast()'],
    ["SELECT topic(1, 2) AS t FROM 'a'", 14, 'topic(n) takes one whole number'],
    ["SELECT clientid('x') AS c FROM 'a'", 17, 'clientid() takes no arguments'],
    ["SELECT topic(0) AS t FROM 'a'", 14, 'topic(n) takes one whole number of at least 1'],
    ["SELECT topic('3') AS t FROM 'a'", 14, 'topic(n) takes one whole number'],
    ["SELECT topic(1.5) AS t FROM 'a'", 14, 'topic(n) takes one whole number'],
    ["SELECT timestamp(1) AS t FROM 'a'", 18, 'timestamp() takes no arguments'],
    ["SELECT a, * FROM 'a'", 11, '* must be the first item'],
    ["SELECT * AS x FROM 'a'", 10, 'expected "," or FROM but found "AS"'],
    ["SELECT a AS select FROM 'a'", 13, 'expected a name after AS'],
    ["SELECT a AS b.c FROM 'a'", 14, 'nested aliases'],
    ["SELECT a + 1 AS b FROM 'a'", 10, 'arithmetic operators are not supported'],
    ["SELECT - a AS b FROM 'a'", 8, '"-" may only precede a number'],
    ["SELECT a[0] AS b FROM 'a'", 9, 'array indexing is not supported'],
    ["SELECT 12ab AS b FROM 'a'", 8, "malformed number '12ab'"],
    ["SELECT * FROM 'a' WHERE", 24, 'expected a value but found the end of the statement'],
    ["SELECT * FROM 'a' WHERE (a = 1", 31, 'expected ")"'],
    ["SELECT * FROM 'a' WHERE a = 1 = 2", 31, 'comparisons cannot be chained'],
    ["SELECT * FROM 'a' WHERE a = 'x", 29, 'unterminated string literal'],
    ['SELECT * FROM \'a\' WHERE a = "x"', 29, 'double-quoted strings'],
    ["SELECT * FROM 'a' WHERE a IN ('x')", 27, 'IN is not supported'],
    ["SELECT * FROM 'a' WHERE a IS NULL", 27, 'IS is not supported'],
    ["SELECT * FROM 'a' WHERE a AND", 30, 'expected a value'],
    ["SELECT * FROM 'a' LIMIT 1", 19, 'LIMIT is not supported'],
    ["SELECT * FROM 'a' b", 19, 'expected WHERE or the end of the statement but found "b"'],
    ["SELECT * FROM 'a';", 18, 'must not end with ";"'],
    ["SELECT CASE WHEN a THEN 1 END AS c FROM 'a'", 8, 'CASE is not supported'],
    ["SET @x = 1 SELECT * FROM 'a'", 1, 'SET is not supported'],
  ])('%j fails at position %d: %s', (sql, position, detail) => {
    const error = syntaxErrorOf(sql);
    expect(error.position).toBe(position);
    expect(error.detail).toContain(detail);
    expect(error.message).toContain(`at position ${position} of IoT SQL: ${sql}`);
  });
});

describe('IOT_RULES cover every device topic', () => {
  const rules = IOT_RULES.map((rule) => ({ rule, sql: compileIotSql(rule.sql) }));
  const selecting = (topic: string) =>
    rules.filter(({ sql }) => sql.select(message(topic, {})) !== undefined).map(({ rule }) => rule);

  it.each(['cardata', 'dtc', 'trip', 'event'])('sends dt/cvra/{id}/%s to one handler', (kind) => {
    const matched = selecting(`dt/cvra/tcu-1/${kind}`);
    expect(matched.map((r) => r.action.kind)).toEqual(['handler']);
  });

  it.each([
    'dt/cvra/tcu-1',
    'dt/cvra/tcu-1/diagnostics',
    'dt/cvra/tcu-1/cardata/extra',
    'dt/cvra/tcu-1/a/b/c',
  ])('sends %s to the error sink, once', (topic) => {
    expect(selecting(topic).map((r) => r.action.kind)).toEqual(['error-sink']);
  });
});

describe('compileIotSql: matches (deciding without the payload)', () => {
  const notJson = Buffer.from('{"VIN":');

  it('decides from the topic alone when there is no WHERE, without reading the payload', () => {
    const cardata = rule('fleet_cardata');
    expect(cardata.matches(message('dt/cvra/tcu-1/cardata', notJson))).toBe(true);
    expect(cardata.matches(message('dt/cvra/tcu-1/trip', {}))).toBe(false);
  });

  it('gives a matched message the same output as select, and fails an unreadable one alike', () => {
    const cardata = rule('fleet_cardata');
    const input = message('dt/cvra/tcu-1/cardata', { VIN: 'V1' }, 'tcu-1');
    expect(cardata.selectMatched(input)).toEqual(cardata.select(input));
    expect(cardata.selectMatched(input)).toEqual({
      VIN: 'V1',
      deviceid: 'tcu-1',
      receivedat: receivedAt,
    });
    const unreadable = message('dt/cvra/tcu-1/cardata', notJson);
    expect(() => cardata.selectMatched(unreadable)).toThrow(IotSqlEvaluationError);
  });

  it('evaluates a WHERE that reads only the topic, client id or time', () => {
    const unknown = rule('fleet_unknown_device_topic');
    expect(unknown.matches(message('dt/cvra/tcu-1/diagnostics', notJson))).toBe(true);
    expect(unknown.matches(message('dt/cvra/tcu-1/cardata', notJson))).toBe(false);
    const own = compileIotSql("SELECT * FROM 'dt/#' WHERE clientid() = 'tcu-1'");
    expect(own.matches(message('dt/a', notJson, 'tcu-1'))).toBe(true);
    expect(own.matches(message('dt/a', notJson, 'tcu-2'))).toBe(false);
  });

  it('leaves a WHERE that reads a payload field to select', () => {
    const fast = compileIotSql("SELECT * FROM 'dt/#' WHERE topic(2) = 'a' AND NOT (speed < 100)");
    expect(fast.matches(message('dt/a', { speed: 120 }))).toBeUndefined();
    expect(fast.matches(message('other/a', { speed: 120 }))).toBe(false);
    expect(fast.select(message('dt/a', { speed: 120 }))).toEqual({ speed: 120 });
  });
});
