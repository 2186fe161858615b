/**
 * Deterministic randomness for the seeds. Nothing here reads the clock or Math.random: the same
 * seed gives the same data on every machine and database.
 *
 * Two ways to draw:
 * - a stream (`new Rng(seed)`) for rows written one after another;
 * - random access (`Rng.at(seed, stream, index)`, `hashUnit`) for facts other rows must recompute
 *   later without storing them — e.g. a person's department, read again when an interaction with
 *   that person is generated a million rows later.
 */

/** 32-bit avalanche of two integers (murmur3's finaliser over a mixed pair). */
export function mix(a: number, b: number): number {
  let h = (a ^ Math.imul(b | 0, 0x9e3779b1)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** 32-bit FNV-1a of a string, further mixed with `salt`. */
export function hashString(s: string, salt = 0): number {
  let h = 0x811c9dc5 ^ salt;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix(h >>> 0, salt);
}

/** A uniform number in [0, 1) that depends only on the three inputs. */
export function hashUnit(seed: number, stream: number, index: number): number {
  return mix(mix(seed, stream), index) / 4294967296;
}

/** mulberry32: small, fast, good enough for plausible data. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** The generator for one row of one stream, independent of every other row. */
  static at(seed: number, stream: number, index: number): Rng {
    return new Rng(mix(mix(seed, stream), index));
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Integer in [lo, hi], both included. */
  between(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (!items.length) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** `k` distinct items (fewer when the list is shorter), in draw order. */
  sample<T>(items: readonly T[], k: number): T[] {
    const pool = items.slice();
    const out: T[] = [];
    while (out.length < k && pool.length) {
      const i = Math.floor(this.next() * pool.length);
      out.push(pool[i]!);
      pool[i] = pool[pool.length - 1]!;
      pool.pop();
    }
    return out;
  }
}

/** Draws values in proportion to their weights (binary search over the cumulative weights). */
export class Weighted<T> {
  private readonly values: T[];
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(entries: readonly (readonly [T, number])[]) {
    const kept = entries.filter(([, w]) => w > 0);
    if (!kept.length) throw new Error('Weighted needs at least one positive weight');
    this.values = kept.map(([v]) => v);
    this.cumulative = new Float64Array(kept.length);
    let sum = 0;
    kept.forEach(([, w], i) => {
      sum += w;
      this.cumulative[i] = sum;
    });
    this.total = sum;
  }

  /** The value at position `u` ∈ [0, 1) of the distribution. */
  at(u: number): T {
    const target = u * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo]!;
  }

  pick(rng: Rng): T {
    return this.at(rng.next());
  }
}

/**
 * Deterministic, collision-free ids in UUID v4 layout:
 *   nnnnnnnn-nnnn-4ttt-8hhh-llllllllllll
 * n = 48-bit hash of the data set's namespace (e.g. "demo:huakang"), t = table code, h/l = the row
 * index. Ids of one table grow with the index, so bulk loads append to the primary-key index
 * instead of splitting random pages; two namespaces never share an id.
 */
export class IdSpace {
  private readonly prefix: string;

  constructor(namespace: string) {
    const a = hashString(namespace, 0x2545f491).toString(16).padStart(8, '0');
    const b = (hashString(namespace, 0x9e3779b9) & 0xffff).toString(16).padStart(4, '0');
    this.prefix = `${a}-${b}-4`;
  }

  id(table: number, index: number): string {
    const hi = Math.floor(index / 0x1000000000000);
    const lo = index - hi * 0x1000000000000;
    return `${this.prefix}${table.toString(16).padStart(3, '0')}-8${hi.toString(16).padStart(3, '0')}-${lo.toString(16).padStart(12, '0')}`;
  }
}

/** Table codes for IdSpace (never reuse a number: ids of existing data sets depend on them). */
export const TABLE = {
  territory: 0x01,
  territoryMember: 0x02,
  institution: 0x03,
  department: 0x04,
  person: 0x05,
  affiliation: 0x06,
  contactPoint: 0x07,
  lifecycleChange: 0x08,
  customField: 0x09,
  product: 0x0a,
  interaction: 0x0b,
  interactionParticipant: 0x0c,
  interactionProduct: 0x0d,
  task: 0x0e,
  purchaseOrder: 0x0f,
  orderLine: 0x10,
  serviceRequest: 0x11,
  marketingActivity: 0x12,
  activityParticipation: 0x13,
  customRequirement: 0x14,
  tenant: 0x100,
  user: 0x101,
  membership: 0x102,
  tenantPlugin: 0x103,
} as const;

/**
 * A bijection of [0, 10^8) (a 4-round Feistel network on two 4-digit halves): unique 8-digit
 * phone suffixes from consecutive indexes, without the sequence showing.
 */
export function scramble8(value: number, key: number): number {
  let left = Math.floor(value / 10000);
  let right = value % 10000;
  for (let round = 0; round < 4; round++) {
    const next = (left + (mix(right, key + round) % 10000)) % 10000;
    left = right;
    right = next;
  }
  return left * 10000 + right;
}
