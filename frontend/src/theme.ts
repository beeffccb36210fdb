import { Badge, createTheme } from '@mantine/core';

// System fonts only: the app runs offline.
export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'md',
  fontFamily:
    'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  fontFamilyMonospace: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
  headings: { fontWeight: '650' },
  components: {
    // Badges sit in table cells and groups; they keep their full label rather than shrink to "…".
    Badge: Badge.extend({ styles: { root: { flexShrink: 0, minWidth: 'max-content' } } }),
    Tooltip: { defaultProps: { events: { hover: true, focus: true, touch: true } } },
  },
});
