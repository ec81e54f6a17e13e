import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { MetricsRegistry } from './metrics-registry';

/** Prometheus scrape endpoint. */
@Controller('metrics')
export class MetricsController {
  constructor(private readonly registry: MetricsRegistry) {}

  @Get()
  async scrape(@Res() reply: FastifyReply): Promise<void> {
    void reply.header('content-type', this.registry.contentType).send(await this.registry.metrics());
  }
}
