import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { QueryRedactingSpanProcessor } from './query-redacting-span-processor';

describe('QueryRedactingSpanProcessor', () => {
  it('exports URLs without their query, whichever attribute holds them', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new NodeTracerProvider({
      spanProcessors: [new QueryRedactingSpanProcessor(), new SimpleSpanProcessor(exporter)],
    });
    const span = provider.getTracer('spec').startSpan('GET', {
      attributes: {
        'url.full': 'https://shop.example/return?vnp_SecureHash=abc123&vnp_TransactionNo=14226112',
        'http.url': 'https://merchant.example/hook?token=s3cret',
        'http.target': '/api/v1/internal/ppm/gateway/webhook/vnpay?vnp_SecureHash=abc123',
        'url.query': 'vnp_SecureHash=abc123',
        'url.path': '/api/v1/internal/ppm/gateway/webhook/vnpay',
      },
    });
    span.end();
    await provider.forceFlush();

    const [exported] = exporter.getFinishedSpans();
    expect(exported?.attributes).toEqual({
      'url.full': 'https://shop.example/return?…',
      'http.url': 'https://merchant.example/hook?…',
      'http.target': '/api/v1/internal/ppm/gateway/webhook/vnpay?…',
      'url.query': '…',
      'url.path': '/api/v1/internal/ppm/gateway/webhook/vnpay',
    });
    await provider.shutdown();
  });
});
