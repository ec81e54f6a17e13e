import { fieldText, recordsOf } from './record-fields';

describe('records of the operator routes', () => {
  it('reads rows from a page or a bare list and writes fields as text', () => {
    expect(recordsOf({ items: [{ id: 1 }, 'x'] })).toEqual([{ id: 1 }]);
    expect(recordsOf([{ queue: 'q' }])).toEqual([{ queue: 'q' }]);
    expect(recordsOf(null)).toEqual([]);
    expect(fieldText(null)).toBe('—');
    expect(fieldText({ a: 1 })).toBe('{"a":1}');
    expect(fieldText(3)).toBe('3');
  });
});
