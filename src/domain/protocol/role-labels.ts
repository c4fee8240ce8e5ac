/** A pack role's label as people read it (the id where the pack has no such role). */
import type { ProtocolPack } from './pack-schema.js';

export function roleLabel(pack: ProtocolPack, roleId: string): string {
  return pack.roles.find((r) => r.id === roleId)?.label ?? roleId;
}

/** Several roles' labels, joined (", " by default; " or " where any one of them will do). */
export function roleLabels(pack: ProtocolPack, roleIds: readonly string[], separator = ', '): string {
  return roleIds.map((id) => roleLabel(pack, id)).join(separator);
}
