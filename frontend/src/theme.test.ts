import { darken, DEFAULT_THEME, defaultVariantColorsResolver, mergeMantineTheme } from '@mantine/core';
import { contrast, cssVariablesResolver, MIN_CONTRAST, readable, theme, variantColorResolver, whiteTextShade } from './theme';

const full = mergeMantineTheme(DEFAULT_THEME, theme);
const { colors, white, black } = DEFAULT_THEME;
const vars = cssVariablesResolver(full);
const light = vars.light as Record<string, string>;
const dark = vars.dark as Record<string, string>;
const AA = 4.5;

describe('contrast', () => {
  it("is WCAG's ratio: black on white is 21, a colour on itself 1, Mantine's dimmed grey on white 3.32", () => {
    expect(contrast(black, white)).toBeCloseTo(21, 5);
    expect(contrast(white, black)).toBeCloseTo(21, 5);
    expect(contrast('#868e96', '#868e96')).toBe(1);
    expect(contrast(colors.gray[6], white)).toBeCloseTo(3.32, 2);
  });

  it('readable keeps a colour that already reads, and darkens or lightens one that does not', () => {
    expect(readable(colors.gray[9], [white], 'darker')).toBe(colors.gray[9]);
    const darker = readable(colors.gray[6], [white], 'darker');
    expect(darker).not.toBe(colors.gray[6]);
    expect(contrast(darker, white)).toBeGreaterThanOrEqual(MIN_CONTRAST);
    const lighter = readable(colors.dark[2], [colors.dark[7]], 'lighter');
    expect(contrast(lighter, colors.dark[7])).toBeGreaterThanOrEqual(MIN_CONTRAST);
  });
});

describe('the colours the theme gives Mantine read at 4.5:1 (WCAG 2.1 AA)', () => {
  const surfacesLight = [white, colors.gray[0], colors.gray[1]];
  const surfacesDark = [colors.dark[7], colors.dark[6], colors.dark[5]];

  it.each(Object.keys(colors))('%s: light badges on their tint, text and outlines on the page, in both schemes', (name) => {
    const shades = colors[name];
    for (const bg of [shades[1], shades[2]]) expect(contrast(light[`--mantine-color-${name}-light-color`], bg)).toBeGreaterThanOrEqual(AA);
    for (const bg of [darken(shades[9], 0.5), darken(shades[9], 0.3)])
      expect(contrast(dark[`--mantine-color-${name}-light-color`], bg)).toBeGreaterThanOrEqual(AA);
    for (const bg of surfacesLight) {
      expect(contrast(light[`--mantine-color-${name}-text`], bg)).toBeGreaterThanOrEqual(AA);
      expect(contrast(light[`--mantine-color-${name}-outline`], bg)).toBeGreaterThanOrEqual(AA);
    }
    for (const bg of surfacesDark) {
      expect(contrast(dark[`--mantine-color-${name}-text`], bg)).toBeGreaterThanOrEqual(AA);
      expect(contrast(dark[`--mantine-color-${name}-outline`], bg)).toBeGreaterThanOrEqual(AA);
    }
  });

  it('dimmed text, errors and links', () => {
    for (const v of ['--mantine-color-dimmed', '--mantine-color-error', '--mantine-color-anchor']) {
      for (const bg of surfacesLight) expect(contrast(light[v], bg), `${v} light on ${bg}`).toBeGreaterThanOrEqual(AA);
      for (const bg of surfacesDark) expect(contrast(dark[v], bg), `${v} dark on ${bg}`).toBeGreaterThanOrEqual(AA);
    }
  });

  it('filled: white on indigo in both schemes, white on the shade that takes it, black on the others', () => {
    expect(full.primaryShade).toEqual({ light: 7, dark: 8 });
    expect(contrast(white, colors.indigo[7])).toBeGreaterThanOrEqual(AA);
    expect(contrast(white, colors.indigo[8])).toBeGreaterThanOrEqual(AA);
    expect(whiteTextShade('red')).toBe(9);
    expect(whiteTextShade('orange')).toBeUndefined();
    for (const name of Object.keys(colors)) {
      if (name === 'indigo') continue;
      const filled = variantColorResolver({ color: name, theme: full, variant: 'filled' });
      const shade = whiteTextShade(name);
      if (shade === undefined) {
        expect(filled.color).toBe('var(--mantine-color-black)');
        // Black on the colour's light (7) and dark (8) scheme shades.
        for (const s of [7, 8]) expect(contrast(black, colors[name][s]), `${name}.${s}`).toBeGreaterThanOrEqual(AA);
      } else {
        expect(filled).toMatchObject({ background: `var(--mantine-color-${name}-${shade})`, color: 'var(--mantine-color-white)' });
        expect(contrast(white, colors[name][shade])).toBeGreaterThanOrEqual(AA);
      }
    }
  });

  it('the white variant: its text reads on white, whatever the scheme', () => {
    for (const name of ['red', 'teal', 'orange', 'indigo']) {
      const resolved = variantColorResolver({ color: name, theme: full, variant: 'white' });
      expect(contrast(resolved.color, white)).toBeGreaterThanOrEqual(AA);
    }
  });

  it('leaves the other variants and explicit shades as Mantine has them', () => {
    for (const input of [
      { color: 'teal', variant: 'light' },
      { color: 'red.3', variant: 'filled' },
      { color: 'indigo', variant: 'filled' },
    ]) {
      expect(variantColorResolver({ ...input, theme: full })).toEqual(defaultVariantColorsResolver({ ...input, theme: full }));
    }
  });
});
