import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { READINESS_CHECKS, type ReadinessCheck } from './readiness-check';
import { ServiceLifecycle } from './service-lifecycle';

const CHECK_TIMEOUT_MS = 2_000;

type CheckOutcome = { status: 'up' } | { status: 'down'; error: string };

/** Startup, liveness and readiness probes. Readiness checks every real dependency of the service. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly lifecycle: ServiceLifecycle,
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
  ) {}

  @Get('startup')
  startup(@Res() reply: FastifyReply): void {
    const started = this.lifecycle.isStarted();
    void reply
      .code(started ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
      .send({ status: started ? 'started' : 'starting' });
  }

  @Get('live')
  live(): { status: string } {
    return { status: 'alive' };
  }

  @Get('ready')
  async ready(@Res() reply: FastifyReply): Promise<void> {
    const results = await Promise.all(this.checks.map(async (c) => [c.name, await runCheck(c)] as const));
    const dependencies = Object.fromEntries(results);
    const allUp = results.every(([, r]) => r.status === 'up');
    const status = this.lifecycle.isDraining() ? 'draining' : allUp ? 'ready' : 'not-ready';
    void reply.code(status === 'ready' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).send({ status, dependencies });
  }
}

async function runCheck(check: ReadinessCheck): Promise<CheckOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check.check(), timeout]);
    return { status: 'up' };
  } catch (error) {
    return { status: 'down', error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
