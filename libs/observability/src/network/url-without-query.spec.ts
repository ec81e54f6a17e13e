import { urlWithoutQuery } from './url-without-query';

describe('urlWithoutQuery', () => {
  it.each([
    ['https://hooks.merchant.example/ppm?token=s3cret&x=1', 'https://hooks.merchant.example/ppm?…'],
    ['https://hooks.merchant.example:8443/a/b', 'https://hooks.merchant.example:8443/a/b'],
    ['http://127.0.0.1:4000/hook?', 'http://127.0.0.1:4000/hook'],
    ['not a url?token=s3cret', '(not a URL)'],
  ])('shows %s as %s', (raw, shown) => {
    expect(urlWithoutQuery(raw)).toBe(shown);
  });
});
