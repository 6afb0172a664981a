// Undo/redo as a bounded stack of immutable snapshots. The editor records the state *before* each change;
// snapshots are plain values (graph JSON), so restoring one never shares objects with the live canvas.

export type History<T> = {
  /** Record `current` before a change; clears the redo stack. */
  record(current: T): void;
  /** The state to restore for undo, given the live state (which becomes redoable), or undefined. */
  undo(current: T): T | undefined;
  redo(current: T): T | undefined;
  readonly canUndo: boolean;
  readonly canRedo: boolean;
};

/**
 * @example
 * const h = createHistory<number>(); h.record(1); h.undo(2) // 1, and h.redo(1) // 2
 */
export function createHistory<T>(limit = 100): History<T> {
  const past: T[] = [];
  const future: T[] = [];
  return {
    record(current) {
      past.push(current);
      if (past.length > limit) past.shift();
      future.length = 0;
    },
    undo(current) {
      const previous = past.pop();
      if (previous === undefined) return undefined;
      future.push(current);
      return previous;
    },
    redo(current) {
      const next = future.pop();
      if (next === undefined) return undefined;
      past.push(current);
      return next;
    },
    get canUndo() {
      return past.length > 0;
    },
    get canRedo() {
      return future.length > 0;
    },
  };
}
