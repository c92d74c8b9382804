// A DSN key row as the API shows it (the ProjectKey schema): with its DSN, never its legacy secret.

import { iso, isoOrNull } from '../api/schemas.ts';
import type { ProjectKey } from '../storage/schema.ts';
import { dsnFor } from './project.repository.ts';

export const presentKey = (publicUrl: string, k: ProjectKey) => ({
  id: k.id,
  projectId: k.project_id,
  label: k.label,
  publicKey: k.public_key,
  dsn: dsnFor(publicUrl, k),
  rateLimitPerMinute: k.rate_limit_per_minute,
  createdAt: iso(k.created_at),
  revokedAt: isoOrNull(k.revoked_at),
});
