/** Reply of the `*.system.ping` diagnostics subjects. */
export interface SystemPingReply {
  service: string;
  instanceId: string;
  traceId: string;
}
