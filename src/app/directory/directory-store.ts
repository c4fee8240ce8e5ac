/** The organisation's people as the directory knows them, their managers and pack roles. A port of the Store (src/app/ports.ts), beside the use cases that need it. */
import type { DirectoryUser } from '../ports.js';

export interface DirectoryStore {
  /** Adds or refreshes a user; a stored manager is kept unless `user.managerUserId` is given. */
  upsertDirectoryUser(user: DirectoryUser, at: string): Promise<void>;
  getDirectoryUser(tenantId: string, userId: string): Promise<DirectoryUser | undefined>;
  /** Users whose recorded line manager is `managerUserId` (a manager's team). */
  listReports(tenantId: string, managerUserId: string): Promise<DirectoryUser[]>;
  findDirectoryUserByEmail(tenantId: string, email: string): Promise<DirectoryUser | undefined>;
  assignRole(tenantId: string, roleId: string, userId: string, at: string): Promise<void>;
  /** Ends a role assignment; false when the user did not hold the role. */
  revokeRole(tenantId: string, roleId: string, userId: string): Promise<boolean>;
  /** Holders of any of `roleIds`, in role order. */
  roleHolders(tenantId: string, roleIds: readonly string[]): Promise<DirectoryUser[]>;
}
