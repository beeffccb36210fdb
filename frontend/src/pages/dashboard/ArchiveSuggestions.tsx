/** Candidates assessbridge suggests archiving (a failed or expired assessment), for the recruiter to approve. */
export function ArchiveSuggestions() {
  return null;
}
