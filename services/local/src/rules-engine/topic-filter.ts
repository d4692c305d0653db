/** MQTT's limit on a topic name or filter: a UTF-8 string of at most 65,535 bytes. */
const MAX_TOPIC_BYTES = 65_535;

export class InvalidTopicFilterError extends Error {
  constructor(
    readonly filter: string,
    readonly reason: string,
  ) {
    super(`invalid topic filter '${filter}': ${reason}`);
    this.name = 'InvalidTopicFilterError';
  }
}

/** Why `filter` is not a valid MQTT topic filter, or undefined when it is one. */
export function validateTopicFilter(filter: string): string | undefined {
  if (filter.length === 0) return 'a topic filter must not be empty';
  if (filter.includes('\u0000')) return 'a topic filter must not contain the null character';
  if (Buffer.byteLength(filter) > MAX_TOPIC_BYTES) {
    return `a topic filter must not be longer than ${MAX_TOPIC_BYTES} bytes`;
  }
  const levels = filter.split('/');
  for (const [index, level] of levels.entries()) {
    if (level === '#') {
      if (index !== levels.length - 1) return "'#' is only allowed as the last level";
    } else if (level !== '+' && (level.includes('+') || level.includes('#'))) {
      return `a wildcard must occupy a whole level, not part of '${level}'`;
    }
  }
  return undefined;
}

/** True for a topic a message can be published on: not empty, no wildcards, no null character. */
export function isValidTopicName(topic: string): boolean {
  return (
    topic.length > 0 &&
    !topic.includes('+') &&
    !topic.includes('#') &&
    !topic.includes('\u0000') &&
    Buffer.byteLength(topic) <= MAX_TOPIC_BYTES
  );
}

/** Tells whether a topic matches a filter compiled once; see `compileTopicFilter`. */
export type TopicMatcher = (topic: string) => boolean;

/**
 * Compiles a filter for matching many topics; throws `InvalidTopicFilterError` when the filter is
 * not valid. An invalid topic name (empty, with wildcards) matches nothing.
 */
export function compileTopicFilter(filter: string): TopicMatcher {
  const filterLevels = splitValidFilter(filter);
  return (topic) => isValidTopicName(topic) && matchLevels(filterLevels, topic.split('/'), topic);
}

/** One-off form of `compileTopicFilter`; compile the filter instead when it is used repeatedly. */
export function topicMatchesFilter(topic: string, filter: string): boolean {
  return compileTopicFilter(filter)(topic);
}

export interface TopicRoute<T> {
  readonly filter: string;
  readonly target: T;
}

export interface TopicRouter<T> {
  /** The targets of every route whose filter matches `topic`, in route order. */
  match(topic: string): T[];
}

/**
 * Matches one topic against many filters, splitting the topic once. A plain loop: with a handful
 * of rules this is far cheaper than the JSON parsing that follows, even at 10k messages/s.
 */
export function createTopicRouter<T>(routes: readonly TopicRoute<T>[]): TopicRouter<T> {
  const compiled = routes.map((route) => ({
    levels: splitValidFilter(route.filter),
    target: route.target,
  }));
  return {
    match(topic) {
      if (!isValidTopicName(topic)) return [];
      const topicLevels = topic.split('/');
      const targets: T[] = [];
      for (const route of compiled) {
        if (matchLevels(route.levels, topicLevels, topic)) targets.push(route.target);
      }
      return targets;
    },
  };
}

function splitValidFilter(filter: string): readonly string[] {
  const reason = validateTopicFilter(filter);
  if (reason !== undefined) throw new InvalidTopicFilterError(filter, reason);
  return filter.split('/');
}

function matchLevels(
  filterLevels: readonly string[],
  topicLevels: readonly string[],
  topic: string,
): boolean {
  // MQTT 4.7.2: a filter starting with a wildcard must not match `$SYS/...`, `$aws/...` and the like.
  const first = filterLevels[0];
  if (topic.startsWith('$') && (first === '+' || first === '#')) return false;
  for (const [index, level] of filterLevels.entries()) {
    // '#' also matches the parent level: `a/#` matches `a`.
    if (level === '#') return true;
    const topicLevel = topicLevels[index];
    if (topicLevel === undefined) return false;
    if (level !== '+' && level !== topicLevel) return false;
  }
  return filterLevels.length === topicLevels.length;
}
