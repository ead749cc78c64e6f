/**
 * Row numbers, each counted once (the rows of a file that fed a rule). A byte per row number
 * rather than a Set entry: a 100,000-row import marks about as many rows, one by one.
 */
const LARGEST_FLAGGED = 1 << 24;

export class RowSet {
  private flags = new Uint8Array(1024);
  /** Row numbers that are no small whole number (none in practice), kept as they are. */
  private others: Set<number> | undefined;
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(row: number): void {
    if (!Number.isInteger(row) || row < 0 || row >= LARGEST_FLAGGED) {
      this.others ??= new Set();
      if (!this.others.has(row)) {
        this.others.add(row);
        this.count++;
      }
      return;
    }
    if (row >= this.flags.length) {
      const grown = new Uint8Array(Math.max(row + 1, this.flags.length * 2));
      grown.set(this.flags);
      this.flags = grown;
    }
    if (this.flags[row] === 0) {
      this.flags[row] = 1;
      this.count++;
    }
  }

  copy(): RowSet {
    const out = new RowSet();
    out.flags = this.flags.slice();
    if (this.others) out.others = new Set(this.others);
    out.count = this.count;
    return out;
  }
}
