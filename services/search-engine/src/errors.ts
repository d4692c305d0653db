/**
 * An error answered in OpenSearch's shape: `{ error: { root_cause, type, reason, ... }, status }`.
 * Everything the engine refuses goes through this class so clients see real error types.
 */
export class SearchEngineError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly reason: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(reason);
  }

  toBody(): Record<string, unknown> {
    const cause = { type: this.type, reason: this.reason, ...this.extra };
    return { error: { root_cause: [cause], ...cause }, status: this.status };
  }

  /** The per-item form used in `_bulk` and `_mget` responses. */
  toItemError(): Record<string, unknown> {
    return { type: this.type, reason: this.reason, ...this.extra };
  }
}

export const badRequest = (reason: string, type = 'illegal_argument_exception') =>
  new SearchEngineError(400, type, reason);

export const parsingError = (reason: string) =>
  new SearchEngineError(400, 'parsing_exception', reason);

export const indexNotFound = (index: string) =>
  new SearchEngineError(404, 'index_not_found_exception', `no such index [${index}]`, {
    'resource.type': 'index_or_alias',
    'resource.id': index,
    index,
    index_uuid: '_na_',
  });

export const mapperParsing = (reason: string) =>
  new SearchEngineError(400, 'mapper_parsing_exception', reason);

export const versionConflict = (index: string, id: string, reason: string) =>
  new SearchEngineError(409, 'version_conflict_engine_exception', `[${id}]: ${reason}`, {
    index,
    shard: '0',
    index_uuid: '_na_',
  });
