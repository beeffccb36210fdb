// The CSV of a chart's figures, built here from the very rows its Numbers table shows.

/** One cell of a chart's figures: a number, a text, or nothing. */
export type Cell = string | number | null | undefined;

/** A chart's figures: the column headings and one row per bar, step or point. */
export interface Figures {
  columns: string[];
  rows: Cell[][];
}

// A text a spreadsheet would read as a formula (=, +, -, @, and a tab or a return that some of them
// skip first) is written with a ' before it, so opening the file never runs anything. Numbers are
// written as numbers: -3 stays -3.
const FORMULA_START = /^[=+\-@\t\r]/;

function field(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  // RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled.
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The figures as RFC 4180 CSV: a heading line, then one line per row, each ended by CRLF. */
export function toCsv(figures: Figures): string {
  return [figures.columns, ...figures.rows].map((row) => row.map(field).join(',') + '\r\n').join('');
}

/** Offers the text as a file to save, named `name`. */
export function downloadCsv(name: string, text: string): void {
  // The byte-order mark makes spreadsheets read the file as UTF-8 (names with accents).
  const blob = new Blob(['\uFEFF', text], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
