import { describe, expect, it } from 'vitest';
import { enclosingFunction } from './enclosing-function.ts';

const source = [
  'export function parseCart(text: string): Cart {', // 1
  '  const helper = () => { return 1; };', // 2
  '  if (!text) {', // 3
  "    throw new Error('empty cart');", // 4
  '  }', // 5
  '  return JSON.parse(text);', // 6
  '}', // 7
  'class Checkout {', // 8
  '  async submit(order: Order): Promise<void> {', // 9
  '    order.items.forEach((item) => {', // 10
  '      item.price.toFixed(2);', // 11
  '    });', // 12
  '    await this.pay(order);', // 13
  '  }', // 14
  '}', // 15
  'export const totalOf = (cart: Cart) => {', // 16
  '  return cart.lines.reduce((a, b) => a + b, 0);', // 17
  '};', // 18
  'boot();', // 19
].join('\n');

describe('enclosingFunction', () => {
  it('names declared functions, methods and assigned arrows, past blocks and earlier nested functions', () => {
    expect(enclosingFunction(source, 4, 4)).toBe('parseCart');
    expect(enclosingFunction(source, 6, 2)).toBe('parseCart');
    expect(enclosingFunction(source, 13, 4)).toBe('submit');
    expect(enclosingFunction(source, 17, 2)).toBe('totalOf');
  });

  it('answers null for an anonymous callback and for top-level code', () => {
    expect(enclosingFunction(source, 11, 6)).toBeNull();
    expect(enclosingFunction(source, 19, 0)).toBeNull();
  });
});
