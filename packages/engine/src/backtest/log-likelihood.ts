/** `count · ln(probability)` with the convention 0 · ln 0 = 0 (a cell that never occurred). */
export function xlog(count: number, probability: number): number {
  return count === 0 ? 0 : count * Math.log(probability)
}
