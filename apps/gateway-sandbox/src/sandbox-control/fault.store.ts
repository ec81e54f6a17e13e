import { Injectable } from '@nestjs/common';
import type { GatewayType } from '@ppm/gateways';
import { SandboxConfig } from '../sandbox.config';
import type { Fault, FaultSetting, FaultUpdate } from './fault-setting';

/** The faults set through PUT /sandbox/faults. */
export interface FaultSettings {
  global: FaultSetting;
  gateways: Partial<Record<GatewayType, FaultSetting>>;
}

/** Fault injection settings, global and per gateway, over the configured baseline latency. */
@Injectable()
export class FaultStore {
  private settings: FaultSettings = { global: {}, gateways: {} };

  constructor(private readonly config: SandboxConfig) {}

  /** Sets the given fields of one scope; the other fields keep their values. */
  update({ gatewayType, setting }: FaultUpdate): FaultSettings {
    const current = gatewayType ? (this.settings.gateways[gatewayType] ?? {}) : this.settings.global;
    const merged: FaultSetting = {
      latencyMs: setting.latencyMs ?? current.latencyMs,
      mode: setting.mode ?? current.mode,
    };
    if (gatewayType) this.settings.gateways[gatewayType] = merged;
    else this.settings.global = merged;
    return this.snapshot();
  }

  clear(): FaultSettings {
    this.settings = { global: {}, gateways: {} };
    return this.snapshot();
  }

  snapshot(): FaultSettings {
    return JSON.parse(JSON.stringify(this.settings)) as FaultSettings;
  }

  /** The fault of a request to a gateway, before its own `x-sandbox-fault` header. */
  faultFor(gatewayType: GatewayType): Fault {
    const own = this.settings.gateways[gatewayType] ?? {};
    const { global } = this.settings;
    return {
      latencyMs: own.latencyMs ?? global.latencyMs ?? this.config.SANDBOX_LATENCY_MS,
      mode: own.mode ?? global.mode ?? 'none',
    };
  }
}
