import { defineModule } from '../modules/module.ts';
import { PoolDirectory } from './pool-directory.ts';

declare module '../modules/module.ts' {
  interface Services {
    /** The pools and their rules, cached per instance (pool-directory.ts). */
    pools: PoolDirectory;
  }
}

/** Who holds a customer: the pools, their rules and the one ownership operation (change-owner.ts). */
export const ownershipModule = defineModule({
  name: 'ownership',
  services: ({ deps, services }) => ({ pools: new PoolDirectory(services.orgVersion, deps.wallClock) }),
});
