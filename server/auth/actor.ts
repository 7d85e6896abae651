import type { Viewer } from '../customers/rules/visibility.ts';

/** The authenticated caller of a request, as every service sees it. */
export interface Actor extends Viewer {
  wecomUserId: string;
  name: string;
  departmentId: number;
  requestId?: string;
}
