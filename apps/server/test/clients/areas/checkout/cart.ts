// The checkout area of the ownership end-to-end test's app: its errors are thrown from this file.

export function addToCart(sku: string): never {
  throw new TypeError(`Cannot add ${sku}: the cart is closed`);
}
