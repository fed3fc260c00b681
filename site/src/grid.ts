// The keyboard of a data grid, as the ARIA grid pattern has it (https://www.w3.org/WAI/ARIA/apg/patterns/grid/): the
// grid is one tab stop; the arrow keys move between cells, Home and End to the row's ends (with Ctrl, the grid's),
// Page Up and Page Down by ten rows; Enter or Space activates the cell (a header sorts, a value opens the pane).
// One cell at a time has tabindex 0 (a roving tab stop), so Tab leaves the grid whatever its size.

export class GridKeys {
  private row = 1;
  private col = 0;

  /** `activate` runs on Enter, Space and a click, with the cell. */
  constructor(
    private readonly table: HTMLTableElement,
    private readonly activate: (cell: HTMLElement) => void,
  ) {
    table.addEventListener('keydown', (e) => this.onKey(e));
    table.addEventListener('click', (e) => {
      const cell = (e.target as HTMLElement).closest<HTMLElement>('th, td');
      if (!cell || !table.contains(cell) || (e.target as HTMLElement).closest('a')) return;
      this.moveTo(cell, false);
      this.activate(cell);
    });
  }

  private cells(): HTMLElement[][] {
    return [...this.table.rows].map((r) => [...r.cells] as HTMLElement[]);
  }

  /** After the grid is drawn again: the same position (or the nearest that still exists) is the tab stop. */
  refresh(): void {
    const cells = this.cells();
    this.row = Math.min(this.row, cells.length - 1);
    this.col = Math.min(this.col, (cells[this.row]?.length ?? 1) - 1);
    for (const r of cells) for (const c of r) c.tabIndex = -1;
    const active = cells[this.row]?.[this.col];
    if (active) active.tabIndex = 0;
  }

  /** The first data cell (the skip link's target), or the header when the grid has no rows. */
  first(): HTMLElement | undefined {
    const cells = this.cells();
    this.row = cells.length > 1 ? 1 : 0;
    this.col = 0;
    this.refresh();
    return cells[this.row]?.[0];
  }

  /** Makes a cell the tab stop, and focuses it when asked. */
  moveTo(cell: HTMLElement, focus = true): void {
    const cells = this.cells();
    const r = cells.findIndex((row) => row.includes(cell));
    if (r < 0) return;
    this.row = r;
    this.col = cells[r]!.indexOf(cell);
    this.refresh();
    if (focus) {
      cell.focus({ preventScroll: true });
      cell.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    }
  }

  private onKey(e: KeyboardEvent): void {
    const cell = (e.target as HTMLElement).closest<HTMLElement>('th, td');
    if (!cell || e.altKey || e.metaKey) return;
    const cells = this.cells();
    let r = cells.findIndex((row) => row.includes(cell));
    let c = r < 0 ? 0 : cells[r]!.indexOf(cell);
    const last = cells.length - 1;
    switch (e.key) {
      case 'ArrowDown':
        r = Math.min(last, r + 1);
        break;
      case 'ArrowUp':
        r = Math.max(0, r - 1);
        break;
      case 'ArrowRight':
        c += 1;
        break;
      case 'ArrowLeft':
        c = Math.max(0, c - 1);
        break;
      case 'PageDown':
        r = Math.min(last, r + 10);
        break;
      case 'PageUp':
        r = Math.max(0, r - 10);
        break;
      case 'Home':
        c = 0;
        if (e.ctrlKey) r = 0;
        break;
      case 'End':
        c = Number.MAX_SAFE_INTEGER;
        if (e.ctrlKey) r = last;
        break;
      case 'Enter':
      case ' ':
        e.preventDefault();
        this.activate(cell);
        return;
      default:
        return;
    }
    e.preventDefault();
    const row = cells[r]!;
    const target = row[Math.min(c, row.length - 1)];
    if (target) this.moveTo(target);
  }
}
