import { formatVnd, renderErrorPage, renderPayPage, type PayPage } from './html-pages';

const page: PayPage = {
  gatewayName: 'MoMo',
  merchantId: 'PPMDEMO',
  reference: 'ORD-1',
  amount: 1_500_000,
  description: '<script>alert("x")</script>',
  status: 'pending',
  completePath: '/sandbox/orders/momo/</script>/complete',
};

describe('sandbox HTML pages', () => {
  it('shows the order with its amount, escaping what the merchant sent', () => {
    const html = renderPayPage(page);
    expect(html).toContain('data-amount="1500000">1.500.000 VND');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('"/sandbox/orders/momo/\\u003c/script>/complete"');
    expect(html.match(/data-outcome="/g)).toHaveLength(3);
  });

  it('offers no buttons once the order is final', () => {
    expect(renderPayPage({ ...page, status: 'succeeded' })).not.toContain('data-outcome="');
  });

  it('puts the error code in the page and in the attribute tests read', () => {
    const html = renderErrorPage('VNPay', 'data-vnp-error', '70', 'Sai chữ ký');
    expect(html).toContain('data-vnp-error="70"');
    expect(html).toContain('Error code 70: Sai chữ ký');
  });

  it('groups VND thousands with dots', () => {
    expect(formatVnd(0)).toBe('0 VND');
    expect(formatVnd(50_000_000)).toBe('50.000.000 VND');
  });
});
