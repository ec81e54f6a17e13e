/**
 * Closes an exhaustive `switch`: the compiler proves the call unreachable; at run time a value outside the union
 * (a corrupt row, an unchecked cast) is a programming error and throws.
 */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
