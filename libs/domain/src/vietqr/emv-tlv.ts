/** One EMVCo field: a 2-digit id, a 2-digit length and that many characters of value. */
export interface EmvField {
  id: string;
  value: string;
}

/** Encodes one field; the value must be at most 99 characters (the length has two digits). */
export function emvField(id: string, value: string): string {
  if (value.length > 99) throw new RangeError(`EMV field ${id} is ${value.length} characters; at most 99 fit`);
  return `${id}${String(value.length).padStart(2, '0')}${value}`;
}

/** Reads a run of fields, or null when the text is not well formed (a short header, a length past the end). */
export function readEmvFields(text: string): EmvField[] | null {
  const fields: EmvField[] = [];
  let at = 0;
  while (at < text.length) {
    const header = text.slice(at, at + 4);
    if (!/^\d{4}$/.test(header)) return null;
    const length = Number(header.slice(2));
    const value = text.slice(at + 4, at + 4 + length);
    if (value.length !== length) return null;
    fields.push({ id: header.slice(0, 2), value });
    at += 4 + length;
  }
  return fields;
}
