/** One CSV record: its cells and the (1-based) line of the file it starts on. */
export interface CsvRecord {
  lineNumber: number;
  cells: string[];
  /** Set when the record is malformed (e.g. a quote never closed); its cells are then what could be read. */
  problem?: string;
}

/** Longest record accepted: a settlement line is a few hundred bytes, so this only stops a runaway quote. */
const MAX_RECORD_CHARS = 64 * 1024;

/**
 * Reads RFC 4180 CSV from a stream of text chunks, one record at a time, holding at most one record in memory
 * whatever the file's size. Quoted cells may hold commas, doubled quotes and line breaks; CRLF and LF both end a
 * record; blank lines are skipped (they are not data). A record that cannot be read is still yielded, with a
 * `problem`, so its line is reported rather than lost.
 */
export async function* csvRecords(chunks: AsyncIterable<string | Buffer>): AsyncGenerator<CsvRecord> {
  let cells: string[] = [];
  let cell = '';
  let quoted = false; // inside a quoted cell
  let afterQuote = false; // a quoted cell just closed: only a separator may follow
  let problem: string | undefined;
  let line = 1;
  let recordLine = 1;
  let recordChars = 0;
  let pendingCr = false;
  let started = false; // the record has content (so a blank line is not a record)

  const finish = (): CsvRecord | null => {
    const record = started
      ? { lineNumber: recordLine, cells: [...cells, cell], ...(problem ? { problem } : {}) }
      : null;
    cells = [];
    cell = '';
    afterQuote = false;
    problem = undefined;
    started = false;
    recordChars = 0;
    return record;
  };

  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    for (let i = 0; i < text.length; i += 1) {
      const ch = text.charAt(i);
      if (pendingCr) {
        pendingCr = false;
        if (ch === '\n') continue; // CRLF: the CR already ended the record
      }
      if (!started && !quoted && ch !== '\r' && ch !== '\n') {
        started = true;
        recordLine = line;
      }
      recordChars += 1;
      if (recordChars > MAX_RECORD_CHARS && !problem) problem = `record longer than ${MAX_RECORD_CHARS} characters`;
      if (quoted) {
        if (ch === '"') {
          if (text[i + 1] === '"') {
            cell += '"';
            i += 1;
          } else {
            // Closing, unless the next chunk starts with a quote (a doubled quote split across chunks, see below).
            quoted = false;
            afterQuote = true;
          }
        } else {
          if (ch === '\n') line += 1;
          if (recordChars <= MAX_RECORD_CHARS) cell += ch;
        }
        continue;
      }
      if (ch === '"') {
        if (afterQuote) {
          // `""` split across two chunks: a doubled quote inside the quoted cell after all.
          cell += '"';
          quoted = true;
          afterQuote = false;
        } else if (cell.length === 0) {
          quoted = true;
        } else {
          problem ??= 'a quote inside an unquoted cell';
          cell += ch;
        }
        continue;
      }
      if (ch === ',') {
        cells.push(cell);
        cell = '';
        afterQuote = false;
        continue;
      }
      if (ch === '\r' || ch === '\n') {
        if (ch === '\r') pendingCr = true;
        line += 1;
        const record = finish();
        if (record) yield record;
        continue;
      }
      if (afterQuote) problem ??= 'text after a closing quote';
      if (recordChars <= MAX_RECORD_CHARS) cell += ch;
    }
  }
  const tail = decoder.decode();
  if (tail.length > 0) cell += tail;
  if (quoted) problem ??= 'a quoted cell is never closed';
  const record = finish();
  if (record) yield record;
}
