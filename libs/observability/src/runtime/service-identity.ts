import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/** Which service this process is, and which instance of it (distinct per process and per app in a test). */
export class ServiceIdentity {
  readonly instanceId: string;

  constructor(readonly service: string) {
    this.instanceId = `${service}-${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  }
}
