// The desktop app's own settings (start at login, keep running when the
// window is closed). Shown only where they apply.
export function LaptopSettings() {
  return null;
}
