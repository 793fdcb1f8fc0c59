/** Above this length the builtin sort is used; below it, an insertion sort without builtin overhead. */
const INSERTION_MAX = 32

/**
 * Sorts `items` in place with `compare` and returns it. Stable, like `Array.prototype.sort`, so
 * the result is the same for any comparator that is a consistent order; an insertion sort for the
 * engine's short arrays (positions of a wallet, factors, buckets, chains), where calling into the
 * builtin costs more than the comparisons.
 *
 * @example
 * sortInPlace([...positions], comparePositions)
 */
export function sortInPlace<T>(items: T[], compare: (a: T, b: T) => number): T[] {
  const n = items.length
  if (n > INSERTION_MAX) return items.sort(compare)
  for (let i = 1; i < n; i++) {
    const item = items[i]!
    let j = i - 1
    while (j >= 0 && compare(items[j]!, item) > 0) {
      items[j + 1] = items[j]!
      j--
    }
    items[j + 1] = item
  }
  return items
}

/** Code-unit order of strings, as the default `Array.prototype.sort` compares them. */
export function compareText(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1
}
