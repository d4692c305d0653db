/**
 * Numbers a grid's (column, row) cells: arithmetic ids while column and row fit together in a
 * double's 53 integer bits, interned ids beyond (geotile precision 27+, geohash 11+).
 */
export class CellIds {
  private readonly rowSpan: number;
  /** Whether ids are interned (else `column * 2^rowBits + row`, ordered like (column, row)). */
  readonly interned: boolean;
  private readonly byColumn = new Map<number, Map<number, number>>();
  private readonly columns: number[] = [];
  private readonly rows: number[] = [];
  /** The number of possible cells when small enough to index a typed array. */
  readonly denseSize: number | undefined;

  constructor(columnBits: number, rowBits: number) {
    this.rowSpan = 2 ** rowBits;
    this.interned = columnBits + rowBits > 52;
    this.denseSize = columnBits + rowBits <= 20 ? 2 ** (columnBits + rowBits) : undefined;
  }

  id(column: number, row: number): number {
    if (!this.interned) return column * this.rowSpan + row;
    let byRow = this.byColumn.get(column);
    if (!byRow) {
      byRow = new Map();
      this.byColumn.set(column, byRow);
    }
    let id = byRow.get(row);
    if (id === undefined) {
      id = this.columns.length;
      this.columns.push(column);
      this.rows.push(row);
      byRow.set(row, id);
    }
    return id;
  }

  column(id: number): number {
    return this.interned ? this.columns[id]! : Math.floor(id / this.rowSpan);
  }

  row(id: number): number {
    return this.interned ? this.rows[id]! : id % this.rowSpan;
  }

  /** Numbers ordered like (column, row), one per given id. */
  ranks(ids: Float64Array, count: number): Float64Array {
    if (!this.interned) return ids.subarray(0, count);
    const order = Array.from({ length: count }, (_, i) => i).sort(
      (a, b) =>
        this.column(ids[a]!) - this.column(ids[b]!) || this.row(ids[a]!) - this.row(ids[b]!),
    );
    const ranks = new Float64Array(count);
    order.forEach((slot, rank) => (ranks[slot] = rank));
    return ranks;
  }
}
