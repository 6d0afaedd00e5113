/**
 * Splits command text into words, keeping `"quoted phrases"` (and `key:"quoted phrase"`) as one
 * word. Smart quotes, which Slack and Teams clients like to produce, count as quotes.
 */
export function tokenize(text: string): string[] {
  const normalized = text.replace(/[\u201C\u201D\u201E]/g, '"').trim();
  const words: string[] = [];
  const pattern = /(\S*?)"([^"]*)"|(\S+)/g;
  for (const match of normalized.matchAll(pattern)) {
    if (match[3] !== undefined) words.push(match[3]);
    else words.push(`${match[1]}"${match[2]}"`);
  }
  return words;
}

/** `text:"a b"` -> `a b`; `"a b"` -> `a b`; other words unchanged. */
export function unquote(word: string): string {
  const match = /^"(.*)"$/.exec(word);
  return match ? match[1] : word;
}
