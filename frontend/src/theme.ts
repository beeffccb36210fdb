import {
  Badge,
  createTheme,
  darken,
  DEFAULT_THEME,
  defaultVariantColorsResolver,
  lighten,
  luminance,
  parseThemeColor,
  type CSSVariablesResolver,
  type VariantColorResolverResult,
  type VariantColorsResolver,
  type VariantColorsResolverInput,
} from '@mantine/core';

/**
 * Every text reads at 4.5:1 at least against what it sits on (WCAG 2.1 AA), in both colour
 * schemes; a little above, so a striped or hovered row behind it keeps it readable too.
 */
export const MIN_CONTRAST = 4.6;

/** The contrast ratio of two colours, 1 to 21 (WCAG 2.1). */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * The colour as near to `color` as reads on every one of `backgrounds`: `color` itself when it
 * does, otherwise `color` darkened (toward black, for light backgrounds) or lightened (toward
 * white, for dark ones) 2% at a time until it does, so it keeps as much of its own shade as it can.
 */
export function readable(color: string, backgrounds: string[], direction: 'darker' | 'lighter'): string {
  for (let step = 0; step <= 50; step++) {
    const candidate = step === 0 ? color : direction === 'darker' ? darken(color, step * 0.02) : lighten(color, step * 0.02);
    if (backgrounds.every((bg) => contrast(candidate, bg) >= MIN_CONTRAST)) return candidate;
  }
  return direction === 'darker' ? '#000000' : '#ffffff';
}

const PRIMARY = 'indigo';
const primaryShade = { light: 7, dark: 8 } as const;
const { colors, white } = DEFAULT_THEME;

// What text sits on: the page and cards, striped and hovered table rows, the navigation.
const LIGHT_SURFACES = [white, colors.gray[0], colors.gray[1]];
const DARK_SURFACES = [colors.dark[7], colors.dark[6], colors.dark[5]];

/**
 * The colours Mantine derives per scheme, made to read: the light variant's text (badges such as
 * Invited, Started, Submitted, Failed, OK) on its own tint, a colour's text and outline on the
 * page, and the dimmed text of descriptions and hints. Each keeps its hue and is only as much
 * darker (light scheme) or lighter (dark scheme) as it needs to be.
 */
export const cssVariablesResolver: CSSVariablesResolver = () => (resolvedVariables ??= resolveVariables());
// Worked out once: the colours it reads are constants, and Mantine asks again whenever its provider renders.
let resolvedVariables: ReturnType<CSSVariablesResolver> | undefined;

function resolveVariables(): ReturnType<CSSVariablesResolver> {
  const light: Record<string, string> = {};
  const dark: Record<string, string> = {};
  for (const [name, shades] of Object.entries(colors)) {
    // Light scheme: shade 9 on shades 1 (the tint) and 2 (its hover); the text and outline on the page.
    light[`--mantine-color-${name}-light-color`] = readable(shades[9], [shades[1], shades[2]], 'darker');
    const onPage = readable(shades[primaryShade.light], LIGHT_SURFACES, 'darker');
    light[`--mantine-color-${name}-text`] = onPage;
    light[`--mantine-color-${name}-outline`] = onPage;
    // Dark scheme: shade 0 on the darkened tint, the text (shade 4) and outline on the page.
    const tint = darken(shades[9], 0.5);
    dark[`--mantine-color-${name}-light-color`] = readable(shades[0], [tint, darken(shades[9], 0.3)], 'lighter');
    const onDarkPage = readable(shades[4], DARK_SURFACES, 'lighter');
    dark[`--mantine-color-${name}-text`] = onDarkPage;
    dark[`--mantine-color-${name}-outline`] = onDarkPage;
  }
  light['--mantine-color-dimmed'] = readable(colors.gray[6], LIGHT_SURFACES, 'darker');
  light['--mantine-color-error'] = readable(colors.red[6], LIGHT_SURFACES, 'darker');
  light['--mantine-color-anchor'] = readable(colors[PRIMARY][primaryShade.light], LIGHT_SURFACES, 'darker');
  dark['--mantine-color-dimmed'] = readable(colors.dark[2], DARK_SURFACES, 'lighter');
  dark['--mantine-color-error'] = readable(colors.red[6], DARK_SURFACES, 'lighter');
  dark['--mantine-color-anchor'] = readable(colors[PRIMARY][4], DARK_SURFACES, 'lighter');
  return { variables: {}, light, dark };
}


/**
 * The shade of a colour that white text reads on, from the light scheme's primary shade down to
 * the darkest (red: 9, blue: 8); none for colours too bright for white (orange, yellow, green).
 */
export function whiteTextShade(name: string): number | undefined {
  const shades = colors[name];
  if (!shades) return undefined;
  for (let shade = primaryShade.light; shade <= 9; shade++) if (contrast(white, shades[shade]) >= MIN_CONTRAST) return shade;
  return undefined;
}

/**
 * Mantine's colours for each variant, with text that reads: a filled colour other than indigo is
 * the shade that white reads on (a deeper red for Disconnect and Archive), or keeps its own shade
 * with black text where no shade takes white (the orange Demo badge); the white variant's text is
 * its colour as dark as white needs.
 */
export const variantColorResolver: VariantColorsResolver = (input) => {
  // Every Button, Badge and ActionIcon asks at each render, with few distinct questions: each is
  // answered once per theme (a table row's badges and buttons asked it hundreds of times a page).
  let answers = resolved.get(input.theme);
  if (!answers) resolved.set(input.theme, (answers = new Map()));
  const key = `${input.variant}|${input.color ?? ''}|${input.autoContrast ?? ''}|${input.gradient ? JSON.stringify(input.gradient) : ''}`;
  let answer = answers.get(key);
  if (!answer) answers.set(key, (answer = resolveVariantColors(input)));
  return answer;
};
const resolved = new WeakMap<VariantColorsResolverInput['theme'], Map<string, VariantColorResolverResult>>();

function resolveVariantColors(input: VariantColorsResolverInput): VariantColorResolverResult {
  const base = defaultVariantColorsResolver(input);
  const parsed = parseThemeColor({ color: input.color || input.theme.primaryColor, theme: input.theme });
  if (!parsed.isThemeColor || parsed.shade !== undefined) return base;
  const name = parsed.color;
  if (input.variant === 'filled' && name !== PRIMARY) {
    const shade = whiteTextShade(name);
    if (shade === undefined) return { ...base, color: 'var(--mantine-color-black)' };
    return {
      ...base,
      background: `var(--mantine-color-${name}-${shade})`,
      hover: shade < 9 ? `var(--mantine-color-${name}-${shade + 1})` : darken(colors[name][9], 0.1),
      color: 'var(--mantine-color-white)',
    };
  }
  if (input.variant === 'white') return { ...base, color: readable(colors[name][primaryShade.light], [white], 'darker') };
  return base;
}

// System fonts only: the app runs offline.
export const theme = createTheme({
  primaryColor: PRIMARY,
  // Filled buttons and badges a shade deeper than Mantine's own: white on indigo reads at 5:1.
  primaryShade,
  variantColorResolver,
  defaultRadius: 'md',
  fontFamily:
    'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  fontFamilyMonospace: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
  headings: { fontWeight: '650' },
  components: {
    // Badges sit in table cells and groups; they keep their full label rather than shrink to "…".
    Badge: Badge.extend({ styles: { root: { flexShrink: 0, minWidth: 'max-content' } } }),
    Tooltip: { defaultProps: { events: { hover: true, focus: true, touch: true } } },
    // The × in a dialog's or drawer's corner says what it does to a screen reader.
    Modal: { defaultProps: { closeButtonProps: { 'aria-label': 'Close dialog' } } },
    Drawer: { defaultProps: { closeButtonProps: { 'aria-label': 'Close panel' } } },
  },
});
