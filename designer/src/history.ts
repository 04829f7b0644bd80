/** Undo/redo over snapshots of the graph (the canvas state is small; snapshots keep it simple). */
export class History<T> {
  private past: T[] = [];
  private future: T[] = [];

  record(state: T): void {
    this.past.push(state);
    if (this.past.length > 100) this.past.shift();
    this.future = [];
  }

  undo(current: T): T | null {
    const prev = this.past.pop();
    if (prev === undefined) return null;
    this.future.push(current);
    return prev;
  }

  redo(current: T): T | null {
    const next = this.future.pop();
    if (next === undefined) return null;
    this.past.push(current);
    return next;
  }
}
