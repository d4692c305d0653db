import {
  compileTopicFilter,
  createTopicRouter,
  InvalidTopicFilterError,
  isValidTopicName,
  topicMatchesFilter,
  validateTopicFilter,
} from '../../../src/rules-engine/topic-filter';

describe('validateTopicFilter', () => {
  it.each(['a', 'a/b', '+', '#', 'a/+/c', 'a/#', '+/+', '/', 'a//b', '$aws/events/thing/#'])(
    'accepts %s',
    (filter) => {
      expect(validateTopicFilter(filter)).toBeUndefined();
    },
  );

  it.each([
    ['', /empty/],
    ['a/#/b', /'#' is only allowed as the last level/],
    ['#/a', /'#' is only allowed as the last level/],
    ['a/b#', /whole level/],
    ['a+/b', /whole level/],
    ['a/+b', /whole level/],
    ['a/b\u0000', /null character/],
  ])('rejects %j', (filter, reason) => {
    expect(validateTopicFilter(filter)).toMatch(reason);
  });

  it('rejects a filter longer than MQTT allows', () => {
    expect(validateTopicFilter('a'.repeat(65_536))).toMatch(/65535 bytes/);
    expect(validateTopicFilter('a'.repeat(65_535))).toBeUndefined();
  });
});

describe('isValidTopicName', () => {
  it('refuses empty topics and topics with wildcards', () => {
    expect(isValidTopicName('dt/cvra/tcu-1/cardata')).toBe(true);
    expect(isValidTopicName('')).toBe(false);
    expect(isValidTopicName('dt/+/x')).toBe(false);
    expect(isValidTopicName('dt/#')).toBe(false);
  });
});

describe('topic matching', () => {
  it.each([
    ['sport/tennis/player1', 'sport/tennis/player1', true],
    ['sport/tennis/player1', 'sport/tennis/+', true],
    ['sport/tennis/player1', 'sport/+/player1', true],
    ['sport/tennis/player1', 'sport/#', true],
    ['sport/tennis/player1', '#', true],
    ['sport', 'sport/#', true], // '#' includes the parent level
    ['sport/', 'sport/+', true], // '+' matches an empty level
    ['sport', 'sport/+', false],
    ['sport/tennis/player1', 'sport/+', false],
    ['sport/tennis', 'sport/tennis/player1', false],
    ['/finance', '+/+', true],
    ['/finance', '/+', true],
    ['/finance', '+', false],
    ['Sport', 'sport', false], // levels are case-sensitive
  ])('%s against %s is %s', (topic, filter, expected) => {
    expect(topicMatchesFilter(topic, filter)).toBe(expected);
  });

  it('keeps $ topics away from filters that start with a wildcard', () => {
    expect(topicMatchesFilter('$aws/events/thing/tcu-1/created', '#')).toBe(false);
    expect(topicMatchesFilter('$aws/events/thing/tcu-1/created', '+/events/#')).toBe(false);
    expect(topicMatchesFilter('$aws/events/thing/tcu-1/created', '$aws/events/thing/#')).toBe(true);
    expect(topicMatchesFilter('$aws/events/thing/tcu-1/created', '$aws/+/thing/#')).toBe(true);
    expect(topicMatchesFilter('$SYS/broker/uptime', '$SYS/#')).toBe(true);
  });

  it('matches no invalid topic name', () => {
    expect(topicMatchesFilter('sport/+', '#')).toBe(false);
    expect(topicMatchesFilter('', '#')).toBe(false);
  });

  it('refuses to compile an invalid filter, naming the reason', () => {
    expect(() => compileTopicFilter('a/#/b')).toThrow(InvalidTopicFilterError);
    expect(() => compileTopicFilter('a/#/b')).toThrow(
      "invalid topic filter 'a/#/b': '#' is only allowed as the last level",
    );
  });
});

describe('createTopicRouter', () => {
  const router = createTopicRouter([
    { filter: 'dt/cvra/+/cardata', target: 'cardata' },
    { filter: 'dt/cvra/#', target: 'any device topic' },
    { filter: '$aws/events/jobExecution/#', target: 'job' },
    { filter: '#', target: 'everything' },
  ]);

  it('returns every matching target in route order', () => {
    expect(router.match('dt/cvra/tcu-1/cardata')).toEqual([
      'cardata',
      'any device topic',
      'everything',
    ]);
    expect(router.match('dt/cvra/tcu-1/unknown')).toEqual(['any device topic', 'everything']);
    expect(router.match('other')).toEqual(['everything']);
  });

  it('routes $aws topics only to filters that name them', () => {
    expect(router.match('$aws/events/jobExecution/job-1/succeeded')).toEqual(['job']);
    expect(router.match('$aws/events/thing/tcu-1/created')).toEqual([]);
  });

  it('matches nothing for an invalid topic name', () => {
    expect(router.match('dt/cvra/+/cardata')).toEqual([]);
  });

  it('refuses an invalid filter when built', () => {
    expect(() => createTopicRouter([{ filter: 'a/b+', target: 1 }])).toThrow(
      InvalidTopicFilterError,
    );
  });
});
