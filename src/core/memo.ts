/** `compute` with each result kept per key object, as long as the key lives (a carried model, a summaries map). */
export function memoized<K extends object, V extends object>(compute: (key: K) => V): (key: K) => V {
  const results = new WeakMap<K, V>();
  return (key) => {
    let value = results.get(key);
    if (value === undefined) {
      value = compute(key);
      results.set(key, value);
    }
    return value;
  };
}

/** `compute` with its last answer kept: for a question asked of the same (large) text many times in a row. */
export function rememberingLast<A, V>(compute: (argument: A) => V): (argument: A) => V {
  let last: { readonly argument: A; readonly value: V } | undefined;
  return (argument) => {
    if (last?.argument !== argument) last = { argument, value: compute(argument) };
    return last.value;
  };
}
