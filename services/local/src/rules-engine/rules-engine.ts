import { setTimeout as sleep } from 'node:timers/promises';
import type { IngestBatchHandler, IngestRecord, IngestResult } from '@fleet/ingest';
import type { IngestHandlerName, IotRule } from '@fleet/iot-rules';
import type Aedes from 'aedes';
import type { AedesPublishPacket, Client } from 'aedes';
import { type ErrorSink, errorActionRecord } from '../iot-core/file-error-sink';
import { type CompiledIotSql, type RuleInput, compileIotSql } from './iot-sql';
import { IotSqlEvaluationError } from './iot-sql-errors';
import { type MicroBatcher, createMicroBatcher } from './micro-batcher';

export interface RuleBatching {
  readonly maxBatchSize: number;
  readonly maxDelayMs: number;
  readonly maxConcurrentFlushes: number;
}

export interface RulesEngineOptions {
  readonly aedes: Aedes;
  readonly rules: readonly IotRule[];
  readonly handlers: Readonly<Record<IngestHandlerName, IngestBatchHandler>>;
  readonly errorSink: ErrorSink;
  readonly batching: RuleBatching;
  readonly log: (message: string) => void;
  /** What a whole batch gets when its handler keeps failing (e.g. the search engine is down). */
  readonly handlerRetries?: number;
  /** Told the number of selected messages not yet ingested whenever it changes. */
  readonly onBacklog?: (backlog: number) => void;
}

export interface RuleStats {
  matched: number;
  accepted: number;
  duplicates: number;
  stale: number;
  failed: number;
}

export interface RulesEngine {
  stats(): Readonly<Record<string, Readonly<RuleStats>>>;
  /** Messages selected by a rule and not yet through its handler. */
  backlog(): number;
  /** Hands every queued message to its handler and waits for all of them. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A message a rule selected. Its output is worked out when its batch is flushed, unless WHERE had
 * to read the payload: a parsed payload held through a backlog of thousands survives every
 * young-generation GC, which then costs far more than the parse.
 */
interface QueuedMessage {
  readonly input: RuleInput;
  readonly selected?: Record<string, unknown>;
}

interface RunningRule {
  readonly rule: IotRule;
  readonly sql: CompiledIotSql;
  readonly stats: RuleStats;
  readonly batcher?: MicroBatcher<QueuedMessage>;
}

/**
 * Local mode's IoT rules engine: evaluates each rule's SQL on every message the broker accepts,
 * micro-batches the selected records per rule, and calls the rule's ingest handler in-process,
 * as Lambda would be invoked in AWS. Whatever cannot be delivered or is rejected goes to the
 * error sink with the reason, in the error action's shape.
 */
export function startRulesEngine(options: RulesEngineOptions): RulesEngine {
  const retries = options.handlerRetries ?? 3;
  let backlog = 0;
  const changeBacklog = (delta: number) => {
    backlog += delta;
    options.onBacklog?.(backlog);
  };
  const toErrorSink = (
    rule: IotRule,
    input: RuleInput,
    failedResource: string,
    errorMessage: string,
  ) => {
    options.errorSink
      .write([
        errorActionRecord({
          ruleName: rule.name,
          topic: input.topic,
          clientId: input.clientId,
          payload: input.payload,
          failedAction: rule.action.kind === 'handler' ? 'LambdaAction' : 'RuleErrorAction',
          failedResource,
          errorMessage,
        }),
      ])
      .catch((err: unknown) => options.log(`error sink write failed: ${String(err)}`));
  };

  const running: RunningRule[] = options.rules.map((rule) => {
    const stats: RuleStats = { matched: 0, accepted: 0, duplicates: 0, stale: 0, failed: 0 };
    const sql = compileIotSql(rule.sql);
    if (rule.action.kind !== 'handler') return { rule, sql, stats };
    const name = rule.action.handler;
    const handler = options.handlers[name];
    const deliver = async (records: IngestRecord[]): Promise<IngestResult> => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await handler(records);
        } catch (err) {
          if (attempt >= retries) throw err;
          await sleep(100 * 2 ** attempt);
        }
      }
    };
    const batcher = createMicroBatcher<QueuedMessage>({
      ...options.batching,
      async flush(batch) {
        const inputs = new Map<IngestRecord, RuleInput>();
        let result: IngestResult;
        try {
          for (const { input, selected } of batch) {
            const payload = selected ?? selectOrSink(input);
            if (payload === undefined) continue;
            const record: IngestRecord = {
              payload,
              topic: input.topic,
              clientId: input.clientId,
              payloadBytes: input.payload.length,
            };
            inputs.set(record, input);
          }
          // Every message of the batch may have gone to the error sink already.
          if (inputs.size === 0) return;
          result = await deliver([...inputs.keys()]);
        } finally {
          changeBacklog(-batch.length);
        }
        stats.accepted += result.accepted;
        stats.duplicates += result.duplicates;
        stats.stale += result.stale;
        stats.failed += result.failures.length;
        for (const failure of result.failures) {
          toErrorSink(rule, inputs.get(failure.record)!, name, failure.reason);
        }
      },
      onFlushError(error, batch) {
        stats.failed += batch.length;
        options.log(`${rule.name}: ${batch.length} messages to the error sink: ${String(error)}`);
        for (const m of batch) toErrorSink(rule, m.input, name, `handler failed: ${String(error)}`);
      },
    });
    /** The rule's output; a payload it cannot evaluate goes to the error sink instead. */
    const selectOrSink = (input: RuleInput): Record<string, unknown> | undefined => {
      try {
        // Only messages `matches` accepted are queued without their output.
        return sql.selectMatched(input);
      } catch (err) {
        if (!(err instanceof IotSqlEvaluationError)) throw err;
        stats.failed++;
        toErrorSink(rule, input, rule.name, err.message);
        return undefined;
      }
    };
    return { rule, sql, stats, batcher };
  });

  const onPublish = (packet: AedesPublishPacket, client: Client | null) => {
    // Broker heartbeats; and messages the rules themselves must not see twice.
    if (packet.topic.startsWith('$SYS/')) return;
    const input: RuleInput = {
      topic: packet.topic,
      payload: Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload),
      clientId: client?.id,
      timestamp: Date.now(),
    };
    for (const target of running) {
      const known = target.sql.matches(input);
      if (known === false) continue;
      // Only a WHERE that reads the payload needs it now; otherwise the flush selects.
      let selected: Record<string, unknown> | undefined;
      if (known === undefined) {
        try {
          selected = target.sql.select(input);
        } catch (err) {
          if (!(err instanceof IotSqlEvaluationError)) throw err;
          target.stats.matched++;
          target.stats.failed++;
          toErrorSink(target.rule, input, target.rule.name, err.message);
          continue;
        }
        if (selected === undefined) continue;
      }
      target.stats.matched++;
      if (target.rule.action.kind === 'error-sink') {
        target.stats.failed++;
        toErrorSink(target.rule, input, target.rule.name, target.rule.action.reason);
      } else {
        changeBacklog(1);
        target.batcher!.add(selected === undefined ? { input } : { input, selected });
      }
    }
  };
  options.aedes.on('publish', onPublish);

  const drain = async () => {
    await Promise.all(running.map((r) => r.batcher?.drain() ?? Promise.resolve()));
  };
  return {
    stats: () => Object.fromEntries(running.map((r) => [r.rule.name, { ...r.stats }])),
    backlog: () => backlog,
    drain,
    async close() {
      options.aedes.off('publish', onPublish);
      await drain();
    },
  };
}
