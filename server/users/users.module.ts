import { defineModule } from '../modules/module.ts';
import { UsersService } from './users.service.ts';
import { usersRoutes } from './users.routes.ts';

declare module '../modules/module.ts' {
  interface Services {
    users: UsersService;
  }
}

export const usersModule = defineModule({
  name: 'users',
  services: ({ deps }) => ({ users: new UsersService(deps.db) }),
  routes: ({ services }) => [usersRoutes(services.users)],
});
