import type { IndexName } from './index-definitions';
import type { MappingConflict } from './mapping-diff';

export interface IndexMappingConflict extends MappingConflict {
  index: IndexName;
}

/** A live index whose mapping contradicts its file: it needs a reindex, not a silent start. */
export class IndexMappingConflictError extends Error {
  override readonly name = 'IndexMappingConflictError';

  constructor(readonly conflicts: readonly IndexMappingConflict[]) {
    super(
      `live index mappings conflict with index-mappings/mappings/*.json:\n${conflicts
        .map(
          ({ index, field, expected, actual }) =>
            `  ${index}: ${field}: expected ${expected}, found ${actual}`,
        )
        .join('\n')}`,
    );
  }
}
