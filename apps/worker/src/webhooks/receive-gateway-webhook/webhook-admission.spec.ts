import { MetricsRegistry } from '@ppm/observability';
import { WebhookAdmission } from './webhook-admission';
import { WebhookMetrics } from './webhook-metrics';
import type { WebhookAdmissionSettings } from './webhook-settings';

describe('WebhookAdmission', () => {
  const admission = (settings: Partial<WebhookAdmissionSettings>) =>
    new WebhookAdmission(
      {
        perSourcePerMinute: 1_000,
        perGatewayPerMinute: 1_000,
        allowlists: { VNPAY: [], MOMO: [], ZALOPAY: [], VIETQR: [] },
        ...settings,
      },
      new WebhookMetrics(new MetricsRegistry('worker-test')),
    );
  const admit = (door: WebhookAdmission, gateway: 'VNPAY' | 'MOMO', ip: string, count: number) =>
    Array.from({ length: count }, () => door.admit(gateway, ip));

  it('limits each source at each gateway on its own', () => {
    const door = admission({ perSourcePerMinute: 2 });
    expect(admit(door, 'VNPAY', '198.51.100.1', 3)).toEqual(['ADMITTED', 'ADMITTED', 'RATE_LIMITED']);
    expect(admit(door, 'VNPAY', '198.51.100.2', 2)).toEqual(['ADMITTED', 'ADMITTED']);
    expect(admit(door, 'MOMO', '198.51.100.1', 2)).toEqual(['ADMITTED', 'ADMITTED']);
  });

  it('limits the addresses of one IPv6 /64 together, and an IPv4 address with its IPv4-mapped form', () => {
    const door = admission({ perSourcePerMinute: 2 });
    expect([door.admit('VNPAY', '2001:db8:1:2::1'), door.admit('VNPAY', '2001:db8:1:2::2')]).toEqual([
      'ADMITTED',
      'ADMITTED',
    ]);
    expect(door.admit('VNPAY', '2001:db8:1:2:ffff::3')).toBe('RATE_LIMITED');
    expect(door.admit('VNPAY', '2001:db8:1:3::1')).toBe('ADMITTED');
    expect([door.admit('VNPAY', '198.51.100.9'), door.admit('VNPAY', '::ffff:198.51.100.9')]).toEqual([
      'ADMITTED',
      'ADMITTED',
    ]);
    expect(door.admit('VNPAY', '198.51.100.9')).toBe('RATE_LIMITED');
  });

  it('limits all the sources of a gateway together', () => {
    const door = admission({ perGatewayPerMinute: 2 });
    expect(['198.51.100.1', '198.51.100.2', '198.51.100.3'].map((ip) => door.admit('VNPAY', ip))).toEqual([
      'ADMITTED',
      'ADMITTED',
      'RATE_LIMITED',
    ]);
    expect(door.admit('MOMO', '198.51.100.3')).toBe('ADMITTED');
  });

  it("refuses sources outside a gateway's allowlist, without spending the gateway's allowance", () => {
    const door = admission({
      perGatewayPerMinute: 1,
      allowlists: { VNPAY: ['203.0.113.0/24'], MOMO: [], ZALOPAY: [], VIETQR: [] },
    });
    expect(admit(door, 'VNPAY', '198.51.100.1', 3)).toEqual([
      'SOURCE_NOT_ALLOWED',
      'SOURCE_NOT_ALLOWED',
      'SOURCE_NOT_ALLOWED',
    ]);
    expect(door.admit('VNPAY', '203.0.113.5')).toBe('ADMITTED');
    expect(door.admit('MOMO', '198.51.100.1')).toBe('ADMITTED');
  });

  it('rate-limits a source outside the allowlist too, so its refusals stay bounded', () => {
    const door = admission({
      perSourcePerMinute: 2,
      allowlists: { VNPAY: ['203.0.113.0/24'], MOMO: [], ZALOPAY: [], VIETQR: [] },
    });
    expect(admit(door, 'VNPAY', '198.51.100.1', 3)).toEqual([
      'SOURCE_NOT_ALLOWED',
      'SOURCE_NOT_ALLOWED',
      'RATE_LIMITED',
    ]);
  });
});
