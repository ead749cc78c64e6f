import type { Permission, Role } from '../../../contract/roles';

/**
 * Which role holds which permission (the names: contract/roles.ts). Admin holds all of them; the
 * others get only what their job needs (a 质控 token cannot upload events, a workstation token
 * cannot read other workstations' events).
 */

const GRANTS: Record<Exclude<Role, 'admin'>, readonly Permission[]> = {
  // A workstation uploads its own flag log and fetches packs; a HIS calling the 3101 service holds
  // a workstation token too (its checks are its flag log). It sees nothing else.
  workstation: ['events:upload', 'packs:read', 'checks:run'],
  // 质控 reviews events and reports rules it thinks are wrong.
  quality: ['packs:read', 'events:read', 'stats:read', 'verdicts:write', 'rule-reports:write', 'appeals:decide'],
  // 医保办 publishes packs, keeps the doctor directory and sees everything, but does not record review verdicts.
  'insurance-office': ['packs:read', 'packs:history', 'packs:publish', 'events:read', 'stats:read', 'rule-reports:read', 'directory:manage'],
  // 科室主任 appeals for the doctors of their department (the token's department, matched against
  // the doctor directory's 科室) and nothing else: no event lists, no statistics.
  'department-lead': ['appeals:submit'],
};

export function roleAllows(role: Role, permission: Permission): boolean {
  return role === 'admin' || GRANTS[role].includes(permission);
}
