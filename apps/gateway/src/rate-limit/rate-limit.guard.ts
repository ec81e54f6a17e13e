import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode } from '@ppm/contracts';
import { principalOf } from '../auth/access.decorator';
import { EdgeError } from '../http/edge-error';
import type { RateLimitDecision } from './rate-limit-window';
import { RateLimiter, type RateLimitBucket } from './rate-limiter';
import { RateLimitTiers } from './rate-limit-tiers';

/**
 * Charges each authenticated request to its tenant's counter and, for an API key, to the key's own counter too;
 * sets the RateLimit-* headers, and refuses with 429 RATE_LIMITED and Retry-After past the limit. Runs after the
 * AccessGuard; public routes are not limited here.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly tiers: RateLimitTiers,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const principal = principalOf(http.getRequest<FastifyRequest>());
    if (!principal) return true;
    const buckets: RateLimitBucket[] = [
      { key: `tenant:${principal.tenantId}`, tier: this.tiers.ofTenant(principal.tenantId) },
    ];
    if (principal.apiKeyId) {
      buckets.push({ key: `api-key:${principal.apiKeyId}`, tier: this.tiers.ofApiKey(principal.apiKeyTier) });
    }
    const decision = await this.limiter.charge(buckets);
    if (!decision) return true;
    const headers = headersOf(decision);
    void http.getResponse<FastifyReply>().headers(headers);
    if (!decision.allowed) {
      throw new EdgeError(
        ErrorCode.RATE_LIMITED,
        `Too many requests; retry after ${decision.retryAfterSeconds} s`,
        { retryAfterSeconds: decision.retryAfterSeconds },
        headers,
      );
    }
    return true;
  }
}

function headersOf(decision: RateLimitDecision): Record<string, string> {
  const headers: Record<string, string> = {
    'RateLimit-Limit': String(decision.limit),
    'RateLimit-Remaining': String(decision.remaining),
    'RateLimit-Reset': String(decision.resetSeconds),
  };
  if (decision.retryAfterSeconds !== undefined) headers['Retry-After'] = String(decision.retryAfterSeconds);
  return headers;
}
