import { decodeCursor, encodeCursor } from './transaction-cursor';

describe('transaction cursor', () => {
  const cursor = { createdAt: '2024-11-22T10:00:00.123456Z', id: '3f0e4a44-6a8b-4a1e-9a56-0f3c1b2d4e5f' };

  it('round-trips the microseconds and the id through an opaque base64url string', () => {
    const text = encodeCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(text)).toEqual(cursor);
  });

  it('refuses anything it did not make', () => {
    expect(decodeCursor('not-a-cursor')).toBeNull();
    expect(decodeCursor(Buffer.from('{"c":"2024-11-22","i":"x"}').toString('base64url'))).toBeNull();
    expect(decodeCursor(encodeCursor({ ...cursor, id: "1' OR 1=1" }))).toBeNull();
  });
});
