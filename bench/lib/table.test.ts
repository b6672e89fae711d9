import { describe, expect, it } from 'vitest';
import { formatTable, kb, num, ratio, sig } from './table';

describe('formatTable', () => {
  it('pads columns, left-aligns the first and right-aligns the rest', () => {
    const text = formatTable([{ header: 'target' }, { header: 'p99 ms' }], [['curbside', '12.5'], ['bare', '1']]);
    expect(text.split('\n')).toEqual([
      'target    p99 ms',
      '--------  ------',
      'curbside    12.5',
      'bare           1',
    ]);
  });

  it('prints missing cells as blanks', () => {
    expect(formatTable([{ header: 'a' }, { header: 'b' }], [['x']]).split('\n')[2]).toBe('x');
  });
});

describe('number formats', () => {
  it('formats fixed decimals with thousands separators and dashes for missing values', () => {
    expect(num(12345.678, 1)).toBe('12,345.7');
    expect(num(null)).toBe('-');
    expect(num(Number.NaN)).toBe('-');
  });

  it('keeps about three significant digits', () => {
    expect(sig(1234.5)).toBe('1,235');
    expect(sig(12.345)).toBe('12.3');
    expect(sig(1.2345)).toBe('1.23');
    expect(sig(0.01234)).toBe('0.012');
  });

  it('shows KB and ratios', () => {
    expect(kb(2048)).toBe('2.0');
    expect(ratio(10, 2)).toBe('×5.0');
    expect(ratio(130, 2)).toBe('×65');
    expect(ratio(1, 4)).toBe('×0.25');
    expect(ratio(1, 0)).toBe('-');
    expect(ratio(undefined, 1)).toBe('-');
  });
});
