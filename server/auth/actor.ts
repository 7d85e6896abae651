import type { UserRole } from '../../entities/user.entity.ts';

/** Who is asking: enough to decide visibility without a query. */
export interface Viewer {
  id: number;
  role: UserRole;
  /** Materialised path of the viewer's department, e.g. "/1/4/". */
  departmentPath: string;
}

/** The authenticated caller of a request, as every service sees it. */
export interface Actor extends Viewer {
  wecomUserId: string;
  name: string;
  departmentId: number;
  requestId?: string;
}
