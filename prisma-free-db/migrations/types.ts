export type Dialect = 'sqlite' | 'postgresql';

/**
 * One schema step, written per dialect. `up` and `down` are lists of statements run in one
 * transaction. Names sort in the order they run (`0001_init`, `0002_…`).
 */
export interface Migration {
  name: string;
  up: Record<Dialect, string[]>;
  down: Record<Dialect, string[]>;
}
