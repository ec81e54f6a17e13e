import { en } from './en';
import { vi } from './vi';

describe('the console’s languages', () => {
  it('say every message in Vietnamese and English, with the same placeholders', () => {
    expect(Object.keys(vi).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(en)) {
      const placeholders = (message: string): string[] => (message.match(/\{\w+\}/g) ?? []).sort();
      expect({ key, placeholders: placeholders(vi[key as keyof typeof en]) }).toEqual({
        key,
        placeholders: placeholders(text),
      });
    }
  });
});
