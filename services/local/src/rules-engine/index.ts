export { compileIotSql, type CompiledIotSql, type RuleInput } from './iot-sql';
export { IotSqlEvaluationError, IotSqlSyntaxError } from './iot-sql-errors';
export {
  compileTopicFilter,
  createTopicRouter,
  InvalidTopicFilterError,
  isValidTopicName,
  topicMatchesFilter,
  validateTopicFilter,
  type TopicMatcher,
  type TopicRoute,
  type TopicRouter,
} from './topic-filter';
export { createMicroBatcher, type MicroBatcher, type MicroBatcherOptions } from './micro-batcher';
