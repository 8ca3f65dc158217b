/**
 * Cross-realm class checks. `instanceof` fails when two copies of this package meet (an ESM and a
 * CJS copy, or two versions in one dependency tree): an error thrown by one copy is not an
 * instance of the other copy's class. A brand is a property keyed by a registered symbol
 * (`Symbol.for`, shared by every copy in the process) on the class's prototype, so subclasses
 * carry their parents' brands too.
 */

const prefix = "coder-toolsdk:";

/** Mark `target`'s instances (and its subclasses' instances) with the brand `name`. */
export function brand(target: { readonly prototype: object }, name: string): void {
  Object.defineProperty(target.prototype, Symbol.for(prefix + name), { value: true });
}

/** Whether `value` carries the brand `name` (set by {@link brand}), from any copy of this package. */
export function hasBrand(value: unknown, name: string): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<symbol, unknown>)[Symbol.for(prefix + name)] === true
  );
}

/**
 * Brand `target` with `name` (see {@link brand}) and return the guard for it: `instanceof`, or the
 * brand for an instance from another copy of this package.
 */
export function brandedGuard<T extends object>(
  target: { readonly prototype: T },
  name: string,
): (value: unknown) => value is T {
  brand(target, name);
  const targetClass = target as unknown as abstract new (...args: never[]) => T;
  return (value: unknown): value is T => value instanceof targetClass || hasBrand(value, name);
}
