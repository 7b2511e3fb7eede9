// A small structural validator for JSON that crosses a trust boundary (webview messages, saved panel state).
// Each check returns the path of the first mismatch, so a rejected message can be logged precisely.

export type Check = (value: unknown, path: string) => string | undefined;

const limits = { string: 100_000, array: 1_000 };

export const str: Check = (v, p) => (typeof v === 'string' && v.length <= limits.string ? undefined : `${p}: expected a string`);
export const num: Check = (v, p) => (typeof v === 'number' && Number.isFinite(v) ? undefined : `${p}: expected a finite number`);
export const bool: Check = (v, p) => (typeof v === 'boolean' ? undefined : `${p}: expected a boolean`);

export function literal(...values: readonly (string | number)[]): Check {
  return (v, p) => (values.includes(v as string) ? undefined : `${p}: expected one of ${values.join(', ')}`);
}

export function optional(check: Check): Check {
  return (v, p) => (v === undefined ? undefined : check(v, p));
}

export function arrayOf(check: Check, max = limits.array): Check {
  return (v, p) => {
    if (!Array.isArray(v) || v.length > max) return `${p}: expected an array of at most ${max} items`;
    for (let i = 0; i < v.length; i++) {
      const problem = check(v[i] as unknown, `${p}[${i}]`);
      if (problem) return problem;
    }
    return undefined;
  };
}

/** An object with these fields (others are ignored and dropped by the consumer's types). */
export function object(fields: Readonly<Record<string, Check>>): Check {
  return (v, p) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return `${p}: expected an object`;
    const record = v as Record<string, unknown>;
    for (const [key, check] of Object.entries(fields)) {
      const problem = check(Object.hasOwn(record, key) ? record[key] : undefined, `${p}.${key}`);
      if (problem) return problem;
    }
    return undefined;
  };
}

/** A record whose keys are exactly known names (extra keys rejected) and values pass `check`. */
export function recordOf(keys: readonly string[], check: Check): Check {
  return (v, p) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return `${p}: expected an object`;
    for (const [key, value] of Object.entries(v)) {
      if (!keys.includes(key)) return `${p}: unexpected key ${JSON.stringify(key.slice(0, 40))}`;
      const problem = check(value, `${p}.${key}`);
      if (problem) return problem;
    }
    return undefined;
  };
}

/** A tagged union on `type`: picks the branch by tag, then checks it. */
export function union(tag: string, branches: Readonly<Record<string, Check>>): Check {
  return (v, p) => {
    if (typeof v !== 'object' || v === null) return `${p}: expected an object`;
    const kind = (v as Record<string, unknown>)[tag];
    const branch = typeof kind === 'string' && Object.hasOwn(branches, kind) ? branches[kind] : undefined;
    return branch ? branch(v, p) : `${p}.${tag}: unknown ${String(kind).slice(0, 40)}`;
  };
}
