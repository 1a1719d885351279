import { MAX_DEPTH } from './tree.js';

const OPENS_QUOTE = /[\s[{,:]/;

/**
 * Offset where flow collections (`[`, `{`) nest deeper than MAX_DEPTH, or -1. The parser recurses per
 * level, so such input is refused before parsing instead of exhausting the stack.
 * Quoted scalars and comments are skipped; this is a conservative pre-scan, not a parser.
 */
export function tooDeepAt(text: string, from = 0, limit = MAX_DEPTH): number {
  // Nesting past the limit needs more than `limit` opening brackets: counting them is a fast
  // indexOf scan, so the character-by-character walk below runs only for files that have that many.
  if (openingsFrom(text, from, limit) <= limit) return -1;
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 123) {
      if (++depth > limit) return i;
    } else if (c === 93 || c === 125) {
      if (depth > 0) depth--;
    } else if (c === 35 /* # */ && (i === 0 || /\s/.test(text[i - 1] ?? ''))) {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? text.length : nl;
    } else if ((c === 34 || c === 39) && (i === 0 || OPENS_QUOTE.test(text[i - 1] ?? ''))) {
      i = quoteEnd(text, i);
    } else if (c === 10 && text.startsWith('---', i + 1)) {
      depth = 0;
    }
  }
  return -1;
}

/** How many `[` and `{` the text has from `from`, counting no further than `stopAfter` + 1. */
function openingsFrom(text: string, from: number, stopAfter: number): number {
  let n = 0;
  for (const bracket of ['[', '{']) {
    for (let i = text.indexOf(bracket, from); i !== -1; i = text.indexOf(bracket, i + 1))
      if (++n > stopAfter) return n;
  }
  return n;
}

function quoteEnd(text: string, start: number): number {
  const q = text[start];
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (q === '"' && c === '\\') i++;
    else if (c === q) {
      if (q === "'" && text[i + 1] === "'") i++;
      else return i;
    }
  }
  return text.length;
}

/** The text with [start, end) blanked (line breaks kept), so offsets elsewhere stay exact. */
export function blankOut(text: string, start: number, end: number): string {
  return text.slice(0, start) + text.slice(start, end).replace(/[^\r\n]/g, ' ') + text.slice(end);
}
