/**
 * Vietnamese text folded to plain ASCII letters: combining marks removed after NFD and đ/Đ (a letter of its own,
 * not a base letter with a mark) mapped to d/D. Bank transfer contents and gateways' order texts take ASCII only.
 */
export function foldToAscii(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
}
