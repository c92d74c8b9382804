// Lookups in tables keyed by names that come from input (directive names, commands, schemes): only the table's
// own entries count, so "constructor" or "__proto__" never reaches Object.prototype.

/**
 * The table's own entry for `key`, or undefined; never an inherited property such as `constructor`.
 *
 * @example
 * own({ 'img-src': 'images' }, 'constructor'); // undefined
 */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/**
 * An empty object without a prototype, for objects whose keys come from input (`__proto__` is then a plain key).
 *
 * @example
 * const byName = record<string>(); byName.__proto__ = 'x'; Object.keys(byName); // ['__proto__']
 */
export function record<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
