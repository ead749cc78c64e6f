import type { SiteProfile } from '../../adapters';
import type { ChangeScheduler } from './change-scheduler';
import { affectsFullRead, fullReadSelectors } from './read-scope';
import { guarded } from './safe';

/**
 * Tells the scheduler what changed, watching as little of the page as possible: the order table
 * (its rows, subtree), the table's parent (to notice the table being replaced by an SPA
 * re-render), and the doctor's input/change events. Only while the table is missing does it
 * watch the body, to notice the table appearing. Changes in the table outside its rows that no
 * read depends on (a footer total the page re-writes on every keystroke) are let go: on a long
 * order each would otherwise cost a read of every row.
 */

export interface TableWatcherOptions {
  document: Document;
  profile: SiteProfile;
  scheduler: ChangeScheduler;
  /** Our own UI: its events and nodes are never the order's. */
  isOwnNode: (node: Node) => boolean;
  /** How often to check that the watched table is still in the page (an ancestor may be replaced). */
  livenessMs?: number;
}

export class TableWatcher {
  private table: Element | null = null;
  private started = false;
  private readonly tableObserver: MutationObserver;
  private readonly parentObserver: MutationObserver;
  private readonly bodyObserver: MutationObserver;
  private liveness: ReturnType<typeof setInterval> | undefined;
  private readonly onInputEvent: (event: Event) => void;
  /** What a full read looks at outside the rows (see read-scope.ts); undefined: anything may matter. */
  private readonly readSelectors: string[] | undefined;
  private disposed = false;

  constructor(private readonly options: TableWatcherOptions) {
    this.readSelectors = fullReadSelectors(options.profile);
    const view = options.document.defaultView ?? window;
    const Observer = view.MutationObserver;
    this.tableObserver = new Observer(guarded('table mutations', (records: MutationRecord[]) => this.onTableMutations(records)));
    this.parentObserver = new Observer(guarded('table parent mutations', () => this.onParentMutations()));
    this.bodyObserver = new Observer(guarded('body mutations', () => options.scheduler.markAll()));
    this.onInputEvent = guarded('input event', (event: Event) => this.onInput(event));
    options.document.addEventListener('input', this.onInputEvent, { capture: true, passive: true });
    options.document.addEventListener('change', this.onInputEvent, { capture: true, passive: true });
    this.liveness = setInterval(
      guarded('table liveness', () => {
        if (this.table && !this.table.isConnected) options.scheduler.markAll();
      }),
      options.livenessMs ?? 1000,
    );
  }

  get watched(): Element | null {
    return this.table;
  }

  /** Watches `table` (or, when null, the body until a table appears). No-op for the same table. */
  watch(table: Element | null): void {
    if (this.disposed) return;
    if (this.started && table === this.table && (table === null || table.isConnected)) return;
    this.started = true;
    this.tableObserver.disconnect();
    this.parentObserver.disconnect();
    this.bodyObserver.disconnect();
    this.table = table;
    if (table) {
      // No attributes: hover and selection classes change all the time and say nothing about the order.
      this.tableObserver.observe(table, { childList: true, subtree: true, characterData: true });
      if (table.parentNode) this.parentObserver.observe(table.parentNode, { childList: true });
    } else {
      const body = this.options.document.body ?? this.options.document.documentElement;
      this.bodyObserver.observe(body, { childList: true, subtree: true });
    }
  }

  dispose(): void {
    this.disposed = true;
    this.tableObserver.disconnect();
    this.parentObserver.disconnect();
    this.bodyObserver.disconnect();
    if (this.liveness !== undefined) clearInterval(this.liveness);
    this.options.document.removeEventListener('input', this.onInputEvent, { capture: true });
    this.options.document.removeEventListener('change', this.onInputEvent, { capture: true });
  }

  /** The order row `node` belongs to, if it is inside the watched table. */
  rowOf(node: Node | null): Element | undefined {
    const element = node && (node.nodeType === 1 ? (node as Element) : node.parentElement);
    if (!element || !this.table || !this.table.contains(element)) return undefined;
    try {
      const row = element.closest(this.options.profile.orders.rows);
      return row && this.table.contains(row) ? row : undefined;
    } catch {
      return undefined; // An invalid rows selector: the reader reports it as 页面适配失效.
    }
  }

  private onTableMutations(records: MutationRecord[]): void {
    for (const record of records) {
      if (this.options.isOwnNode(record.target)) continue;
      const row = this.rowOf(record.target);
      if (row) this.options.scheduler.markRow(row);
      else if (!affectsFullRead(record, this.readSelectors)) continue;
      else {
        // Rows added or removed, the header changed: the structure is no longer what was read.
        this.options.scheduler.markAll();
        return;
      }
    }
  }

  private onParentMutations(): void {
    if (!this.table?.isConnected || this.table.parentNode === null) this.options.scheduler.markAll();
  }

  private onInput(event: Event): void {
    const path = event.composedPath();
    const target = (path[0] as Node | undefined) ?? (event.target as Node | null);
    if (!target || path.some((node) => node instanceof Node && this.options.isOwnNode(node))) return;
    const row = this.rowOf(target);
    if (row) this.options.scheduler.markRow(row);
    // Outside the rows: a page-level field (diagnosis, visit type) or a re-rendered table.
    else this.options.scheduler.markAll();
  }
}
