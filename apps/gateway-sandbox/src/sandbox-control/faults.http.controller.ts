import { BadRequestException, Body, Controller, Delete, Put } from '@nestjs/common';
import { readFaultUpdate } from './fault-setting';
import { FaultStore, type FaultSettings } from './fault.store';

/** Control routes: fault injection on the gateway APIs, globally or per gateway. */
@Controller('sandbox/faults')
export class FaultsHttpController {
  constructor(private readonly faults: FaultStore) {}

  @Put()
  set(@Body() body: unknown): FaultSettings {
    const update = readFaultUpdate(body);
    if (typeof update === 'string') throw new BadRequestException(update);
    return this.faults.update(update);
  }

  @Delete()
  clear(): FaultSettings {
    return this.faults.clear();
  }
}
