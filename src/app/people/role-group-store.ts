/** Pack roles granted to the members of Entra groups. A port of the Store (src/app/ports.ts), beside the use cases that need it. */

export interface RoleGroupMapping {
  readonly tenantId: string;
  readonly roleId: string;
  /** The Entra group's object id. */
  readonly groupId: string;
  readonly mappedAt: string;
}

export interface RoleGroupStore {
  /** Grants `roleId` to the group's members (transitively); mapping twice keeps one row. */
  mapRoleToGroup(tenantId: string, roleId: string, groupId: string, at: string): Promise<void>;
  /** False when the group did not hold the role. */
  unmapRoleFromGroup(tenantId: string, roleId: string, groupId: string): Promise<boolean>;
  /** Every mapping of the organisation, by role then group. */
  listRoleGroups(tenantId: string): Promise<RoleGroupMapping[]>;
}
