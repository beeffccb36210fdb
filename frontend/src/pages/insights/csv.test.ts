import { describe, expect, it } from 'vitest';
import { toCsv } from './csv';

describe('toCsv', () => {
  it('writes RFC 4180: CRLF lines, quoted fields with commas, quotes or line breaks, quotes doubled', () => {
    expect(
      toCsv({
        columns: ['Challenge', 'Average score'],
        rows: [
          ['Cache, "LRU"', 40],
          ['Two\nlines', null],
          ['Plain', 81.5],
        ],
      }),
    ).toBe('Challenge,Average score\r\n"Cache, ""LRU""",40\r\n"Two\nlines",\r\nPlain,81.5\r\n');
  });

  it('guards texts a spreadsheet would run as a formula, but not negative numbers', () => {
    expect(
      toCsv({ columns: ['Cell'], rows: [['=SUM(A1)'], ['+1'], ['-2'], ['@x'], ['\tx'], [-3], ['a=b']] }),
    ).toBe("Cell\r\n'=SUM(A1)\r\n'+1\r\n'-2\r\n'@x\r\n'\tx\r\n-3\r\na=b\r\n");
  });

  it('quotes a guarded field that needs quotes', () => {
    expect(toCsv({ columns: ['A'], rows: [['=1,2']] })).toBe('A\r\n"\'=1,2"\r\n');
  });
});
