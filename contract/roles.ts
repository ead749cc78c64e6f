import { z } from 'zod';

/**
 * Who may do what on the hub, as the dashboard learns it from `GET /api/v1/me`: a token's role and
 * the permissions it holds. Each route names one permission; which role holds which is the hub's
 * own policy (hub/src/auth/roles.ts).
 */

/** `department-lead` (科室主任): appeals for the doctors of one department of the doctor directory. */
export const RoleSchema = z.enum(['workstation', 'quality', 'insurance-office', 'admin', 'department-lead']);

export const PERMISSIONS = [
  'events:upload',
  /** The national 3101/3102 check and 3103 feedback service, for HIS that cannot host the extension. */
  'checks:run',
  'packs:read',
  /** Earlier and withdrawn envelopes and the publication history: only who publishes needs them. */
  'packs:history',
  'packs:publish',
  'events:read',
  'stats:read',
  'verdicts:write',
  'rule-reports:write',
  'rule-reports:read',
  'tokens:manage',
  /** The hub's pack signing key: rotating it (its public halves are readable with packs:read). */
  'keys:manage',
  /** The doctor directory (医生编号 → 姓名, 科室): importing and listing it; names are read with events:read. */
  'directory:manage',
  /** Appealing 确认违规 verdicts on behalf of doctors: the 科室 lead, for their department's doctors. */
  'appeals:submit',
  /** Deciding appeals (维持 / 撤销) and issuing per-doctor appeal links: the 质控. */
  'appeals:decide',
] as const;

export const PermissionSchema = z.enum(PERMISSIONS);

/** The signed-in token: the dashboard shows only the views its permissions allow. */
export const SessionSchema = z.object({
  id: z.string(),
  role: RoleSchema,
  label: z.string(),
  permissions: z.array(PermissionSchema),
  timeZone: z.string().min(1),
  /** A 科室 lead's department (role department-lead only). */
  department: z.string().optional(),
  /** Calendar days a 确认违规 verdict may be appealed (HUB_APPEAL_DAYS). */
  appealDays: z.number().int().min(0).optional(),
});

export type Role = z.infer<typeof RoleSchema>;
export type Permission = z.infer<typeof PermissionSchema>;
export type Session = z.infer<typeof SessionSchema>;
