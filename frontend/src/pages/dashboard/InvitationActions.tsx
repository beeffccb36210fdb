import type { Invitation } from '../../api/types';

/** What the recruiter can do with one invitation: resend, extend, cancel, invite again. */
export function InvitationActions(_: { invitation: Invitation }) {
  return null;
}
