import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ok, type Reply, type RiskRulesView } from '@ppm/contracts';
import { RISK_RULE_SETS, type RiskRuleSetRepository } from '@ppm/domain';
import { RiskRuleSetCache } from '../../payments/risk/risk-rule-set-cache';
import { Clock } from '../../shared/clock';
import { eventContextOf } from '../../shared/command-context';
import { domainFailure } from '../../shared/domain-reply';
import { UpdateRiskRulesCommand } from './update-risk-rules.command';

@CommandHandler(UpdateRiskRulesCommand)
export class UpdateRiskRulesHandler implements ICommandHandler<UpdateRiskRulesCommand> {
  constructor(
    @Inject(RISK_RULE_SETS) private readonly ruleSets: RiskRuleSetRepository,
    private readonly cache: RiskRuleSetCache,
    private readonly clock: Clock,
  ) {}

  async execute({ meta, data }: UpdateRiskRulesCommand): Promise<Reply<RiskRulesView>> {
    const current = await this.ruleSets.findCurrent(meta.tenantId);
    const now = this.clock.now();
    const document = { rules: data.rules, whenCountersUnavailable: data.whenCountersUnavailable ?? 'ALLOW' };
    const replaced = current.replaceWith(document, meta.tenantId, now);
    if (!replaced.ok) return domainFailure(replaced.error);
    const { ruleSet, event } = replaced.value;
    const saved = await this.ruleSets.add(meta.tenantId, ruleSet, event, eventContextOf(meta));
    if (!saved.ok) return domainFailure(saved.error);
    // This process's next payment of the tenant decides on the new rules without waiting for its insert's check.
    this.cache.forgetTenant(meta.tenantId);
    return ok({ ...document, version: ruleSet.version, updatedAt: now.toISOString() });
  }
}
