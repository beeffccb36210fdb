import {
  createContext,
  memo,
  startTransition,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { BarChart as MantineBarChart, ChartLegend, ChartTooltip, type ChartSeries } from '@mantine/charts';
import { Box, getThemeColor, useMantineTheme, type BoxProps } from '@mantine/core';
import { useLaterTurn } from './turns';
import { Bar, BarChart, CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis, type TooltipContentProps, type TooltipValueType } from 'recharts';

// The Insights screen's charts: recharts' bar and line charts, drawn with Mantine's look (its
// classes, CSS variables, legend and tooltip), at a width measured once per card.
//
// Mantine's BarChart and LineChart sit in recharts' ResponsiveContainer, which draws nothing at
// first, then measures its box during React's commit and draws the whole chart in that same task,
// synchronously, outside the transition the chart was given: 40–110 ms of CPU per chart on the UI
// bench (`make bench-ui`, phase "insights"). Here the card's width is known before its chart's
// turn comes (turns.ts), and the chart is given it as a number. recharts still keeps a chart's
// parts in a store its components fill from layout effects, and React draws a store's update at
// once, in the task that commits; so a chart comes in three turns, each a task of its own: the
// axes, grid and marks; the bars or lines; the tooltip. Nothing measures text in the page: the
// value axis's ticks and the grid lines are worked out here, the tick and mark labels drawn as
// plain <text>, the categories labelled at a fixed interval. The legend is Mantine's, as HTML
// above the chart (recharts would measure its own and draw again); the legend's and tooltip's
// content are made once per series; no hidden right axis, no animation. Per task, the longest
// went from 60–80 ms of CPU to 25–38 ms on the bench.

/** The drawing width of the card's chart area in px: null until it has been laid out. */
const Width = createContext<number | null>(null);

/**
 * The box a chart is drawn in: it watches its own width (a ResizeObserver, which reports after
 * layout, never forcing one) and gives it to the chart inside, as a transition.
 */
export function ChartArea({ children, ...box }: BoxProps & {
  children?: ReactNode;
  role?: string;
  'aria-label'?: string;
  'data-testid'?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState<number | null>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver((entries) => {
      const w = Math.floor(entries[entries.length - 1].contentRect.width);
      if (w > 0) startTransition(() => setWidth(w));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return (
    <Box ref={ref} {...box}>
      <Width.Provider value={width}>{children}</Width.Provider>
    </Box>
  );
}

/** A mark drawn across the chart at one bar (a median, a percentile, a cut), labelled beside it. */
export type ChartMark = {
  x: string;
  label: string;
  /** A CSS colour (a variable of Insights.module.css). */
  color: string;
  position: 'insideTopLeft' | 'insideTopRight';
  /** The label's offset down, in px: a second mark's label goes on a second line. */
  dy?: number;
  dashed?: boolean;
};

/** The value axis's range from 0: to a fixed top, or to the largest value times `room`. */
export type ValueRange = { max: number } | { room: number };

/** The value axis's range from 0 to the largest value with `room` above it (at least 1). */
export function headroom(room: number): ValueRange {
  return { room };
}

/**
 * The value axis's ticks, from 0 to at least `top`, five or so at a round step (1, 2, 2.5 or 5
 * times a power of ten; whole numbers unless `decimals`). Worked out here, not by recharts, so
 * the axis is the same before and after the bars are drawn (see Bars).
 */
export function valueTicks(top: number, decimals: boolean): number[] {
  const max = top > 0 ? top : 1;
  const raw = max / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  let step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw - 1e-9) ?? 10 * power;
  if (!decimals) step = Math.max(1, Math.ceil(step));
  const count = Math.ceil(max / step - 1e-9);
  return Array.from({ length: count + 1 }, (_, i) => Number((i * step).toFixed(6)));
}

/** The largest value drawn: of a series, or of a stack of them. */
function largest(data: Record<string, string | number | null>[], series: ChartSeries[], stacked: boolean): number {
  let max = 0;
  for (const row of data) {
    let stack = 0;
    for (const s of series) {
      const v = row[s.name];
      if (typeof v !== 'number') continue;
      stack = stacked ? stack + v : Math.max(stack, v);
    }
    max = Math.max(max, stack);
  }
  return max;
}

function useValueTicks(data: BarsProps['data'], series: ChartSeries[], stacked: boolean, range: ValueRange | undefined, decimals: boolean) {
  return useMemo(() => {
    const top = range && 'max' in range ? range.max : Math.max(1, Math.ceil(largest(data, series, stacked) * (range?.room ?? 1)));
    const ticks = valueTicks(top, decimals);
    return { ticks, domain: [0, ticks[ticks.length - 1]] as [number, number] };
  }, [data, series, stacked, range, decimals]);
}

const grid = MantineBarChart.classes;
// Mantine's legend with position "top": its items' height, 7 px padding above and below a 14 px
// line, and its padding below (spacing md).
const LEGEND_HEIGHT = 44;
const GRID_DASH = '5 5';
const Y_TICK = { transform: 'translate(-10, 0)', fontSize: 12, fill: 'currentColor' } as const;
const TICK_LINE = { stroke: 'currentColor' } as const;
const BAR_CURSOR = { stroke: 'var(--chart-grid-color)', strokeWidth: 1, strokeDasharray: GRID_DASH, fill: 'var(--chart-cursor-fill)' } as const;
const LINE_CURSOR = { stroke: 'var(--chart-grid-color)', strokeWidth: 1, strokeDasharray: GRID_DASH } as const;
const TOOLTIP_AT_TOP = { y: 0 } as const;
const TOOLTIP_FREE = {} as const;
const MARGIN = { top: 5, right: 5, bottom: 5, left: 5 } as const;

type TickArgs = { x?: number | string; y?: number | string; textAnchor?: string; payload?: { value?: unknown }; className?: string };
type Anchor = 'start' | 'middle' | 'end' | 'inherit';

/**
 * A tick's label as recharts' Text draws one line (its <text> and <tspan>, Mantine's offsets),
 * without Text's measuring of each word in the DOM to wrap lines no tick here needs.
 */
function tickLabel({ x, y, textAnchor, payload }: TickArgs, dy: string, transform: string, unit: string) {
  return (
    <text x={x} y={y} textAnchor={textAnchor as Anchor | undefined} fontSize={12} fill="currentColor" transform={transform} className="recharts-cartesian-axis-tick-value">
      <tspan x={x} dy={dy}>
        {`${String(payload?.value ?? '')}${unit}`}
      </tspan>
    </text>
  );
}

const ticks = new Map<string, { x: (p: TickArgs) => ReactNode; y: (p: TickArgs) => ReactNode }>();

/** The tick labels for a unit ("" or "%"): below the X axis, left of the Y axis. Made once per unit. */
function ticksFor(unit = '') {
  let made = ticks.get(unit);
  if (!made) {
    made = {
      x: (p: TickArgs) => tickLabel(p, '0.71em', 'translate(0, 10)', unit),
      y: (p: TickArgs) => tickLabel(p, '0.355em', 'translate(-10, 0)', unit),
    };
    ticks.set(unit, made);
  }
  return made;
}
const plain = ticksFor('');

/**
 * Every `interval`+1-th category labelled, so that labels `space` px wide fit the width: all of
 * them when they fit. A fixed interval, so recharts does not measure each label to choose.
 */
function tickInterval(count: number, width: number, space: number): number {
  const fit = Math.max(2, Math.floor(width / space));
  return count <= fit ? 0 : Math.ceil(count / fit) - 1;
}

/** The series' colours, resolved against the theme once per series list. */
function useColors(series: ChartSeries[]): string[] {
  const theme = useMantineTheme();
  return useMemo(() => series.map((s) => getThemeColor(s.color, theme)), [series, theme]);
}

/** Mantine's legend, above the chart, outside recharts: hovering an item dims the other series. */
const Legend = memo(function Legend({ series, colors, onHighlight }: {
  series: ChartSeries[];
  colors: string[];
  onHighlight: (name: string | null) => void;
}) {
  const payload = useMemo(() => series.map((s, i) => ({ dataKey: s.name, value: s.name, color: colors[i] })), [series, colors]);
  return (
    <ChartLegend
      payload={payload}
      series={series}
      legendPosition="top"
      onHighlight={(area) => onHighlight(area === null ? null : String(area))}
    />
  );
});

/** Mantine's tooltip, made once per series list and unit. */
function useTooltipContent(series: ChartSeries[], unit: string | undefined) {
  return useMemo(
    () =>
      function content({ label, payload }: TooltipContentProps<TooltipValueType, string | number>) {
        return <ChartTooltip label={label as ReactNode} payload={payload} unit={unit} series={series} />;
      },
    [series, unit],
  );
}

type LabelArgs = { viewBox?: { x?: number; y?: number; width?: number; height?: number } };

/**
 * A mark's label where recharts puts "insideTopLeft" / "insideTopRight" (5 px inside the line's
 * top), drawn as its Text draws one line, without Text's measuring of each word in the DOM.
 */
function markLabel(m: ChartMark) {
  return function MarkLabel({ viewBox }: LabelArgs) {
    const left = m.position === 'insideTopLeft';
    const x = (viewBox?.x ?? 0) + (left ? 5 : (viewBox?.width ?? 0) - 5);
    const y = (viewBox?.y ?? 0) + 5 + (m.dy ?? 0);
    return (
      <text x={x} y={y} textAnchor={left ? 'start' : 'end'} fontSize={12} fill={m.color} className="recharts-label">
        <tspan x={x} dy="0.71em">
          {m.label}
        </tspan>
      </text>
    );
  };
}

function marksOf(marks: ChartMark[] | undefined) {
  return marks?.map((m) => (
    <ReferenceLine
      key={`${m.x} ${m.label}`}
      x={m.x}
      stroke={m.color}
      strokeWidth={1}
      strokeDasharray={m.dashed ? '4 2' : undefined}
      label={markLabel(m)}
    />
  ));
}

/** No vertical grid lines: nothing for recharts to work out. */
const noLines = () => [];

/**
 * The horizontal grid lines, at the value axis's ticks ("horizontal" layout) or at the middle of
 * each category's band ("vertical"), from the plot area recharts gives: worked out here, as
 * recharts' own would measure every tick's label to choose which to keep.
 */
function useGridLines(ticks: number[], categories: number, across: boolean) {
  return useMemo(() => {
    const top = ticks[ticks.length - 1] || 1;
    return ({ offset }: { offset: { top?: number; height?: number } }) => {
      const y = offset.top ?? 0;
      const h = offset.height ?? 0;
      return across
        ? Array.from({ length: categories }, (_, i) => y + ((i + 0.5) * h) / categories)
        : ticks.map((t) => y + h * (1 - t / top));
    };
  }, [ticks, categories, across]);
}

export type BarsProps = {
  /** The whole chart's height in px, its legend included. */
  height: number;
  data: Record<string, string | number | null>[];
  /** The category of each bar. */
  dataKey: string;
  series: ChartSeries[];
  /** The series stacked in one bar. */
  stacked?: boolean;
  /** "vertical": the categories down the left, the bars across (recharts' layout). */
  layout?: 'horizontal' | 'vertical';
  withLegend?: boolean;
  unit?: string;
  marks?: ChartMark[];
  /** The value axis's range (by default up to the largest value). */
  domain?: ValueRange;
  /** Whether the value axis may show fractions. */
  allowDecimals?: boolean;
  /** With layout "vertical": the width of the categories' column. */
  categoryWidth?: number;
  /** The room a category's label takes, in px: fewer labels where the bars are many. */
  tickSpace?: number;
};

/** Bars, one per category, in Mantine's look: a chart of the card's width (see ChartArea). */
export const Bars = memo(function Bars(props: BarsProps) {
  const { height, data, dataKey, series, stacked = false, layout = 'horizontal', withLegend, unit, marks, domain, allowDecimals = true } = props;
  const width = useContext(Width);
  const colors = useColors(series);
  const tooltip = useTooltipContent(series, unit);
  const value = useValueTicks(data, series, stacked, domain, allowDecimals);
  const [highlighted, setHighlighted] = useState<string | null>(null);
  // Drawn in two turns (turns.ts): the axes, grid and marks first, the bars and tooltip in a
  // later frame. recharts keeps a chart's parts in a store filled from layout effects, and React
  // draws a store's update at once, in one task: with everything at the first drawing that task
  // was 40–80 ms of CPU per chart on the UI bench. The value axis has its ticks from us, so the
  // bars' arrival leaves it as it is.
  const barsTurn = useLaterTurn(width !== null);
  // The tooltip (its settings, its pointer's state) in a third turn.
  const tooltipTurn = useLaterTurn(barsTurn);
  const gridLines = useGridLines(value.ticks, data.length, layout === 'vertical');
  if (width === null) return null;
  const across = layout === 'vertical';
  const chartHeight = withLegend ? height - LEGEND_HEIGHT : height;
  const categories = tickInterval(data.length, across ? chartHeight : width - 60, across ? 20 : (props.tickSpace ?? 48));
  const valueTick = ticksFor(unit);
  const valueAxis = { type: 'number' as const, domain: value.domain, ticks: value.ticks, allowDecimals, interval: 0 };
  return (
    <div className={grid.root} dir="ltr" data-orientation={layout} onMouseLeave={() => setHighlighted(null)}>
      {withLegend && <Legend series={series} colors={colors} onHighlight={setHighlighted} />}
      <BarChart width={width} height={chartHeight} data={data} layout={layout} margin={MARGIN} accessibilityLayer>
        {across ? (
          <XAxis className={grid.axis} tick={valueTick.x} stroke="" tickLine={false} {...valueAxis} />
        ) : (
          <XAxis className={grid.axis} dataKey={dataKey} tick={plain.x} stroke="" tickLine={false} interval={categories} />
        )}
        {across ? (
          <YAxis
            className={grid.axis}
            dataKey={dataKey}
            type="category"
            width={props.categoryWidth}
            tick={Y_TICK}
            axisLine={false}
            tickLine={TICK_LINE}
            interval={categories}
          />
        ) : (
          <YAxis className={grid.axis} tick={valueTick.y} axisLine={false} tickLine={TICK_LINE} {...valueAxis} />
        )}
        <CartesianGrid
          className={grid.grid}
          strokeDasharray={GRID_DASH}
          horizontal
          vertical={false}
          horizontalCoordinatesGenerator={gridLines}
          verticalCoordinatesGenerator={noLines}
        />
        {tooltipTurn && (
          <Tooltip
            isAnimationActive={false}
            animationDuration={0}
            position={across ? TOOLTIP_FREE : TOOLTIP_AT_TOP}
            cursor={BAR_CURSOR}
            content={tooltip}
          />
        )}
        {barsTurn && series.map((s, i) => {
          const dimmed = highlighted !== null && highlighted !== s.name;
          return (
            <Bar
              key={s.name}
              name={s.name}
              dataKey={s.name}
              fill={colors[i]}
              stroke={colors[i]}
              fillOpacity={dimmed ? 0.1 : 1}
              strokeOpacity={dimmed ? 0.2 : 0}
              stackId={stacked ? 'stack' : undefined}
              isAnimationActive={false}
            />
          );
        })}
        {marksOf(marks)}
      </BarChart>
    </div>
  );
});

export type LinesProps = {
  height: number;
  data: Record<string, string | number | null>[];
  dataKey: string;
  series: ChartSeries[];
  unit?: string;
  domain?: ValueRange;
  /** The room a category's label takes, in px: fewer labels where the points are many. */
  tickSpace?: number;
};

/** A line per series, with a dot per point, in Mantine's look (its LineChart's defaults). */
export const Lines = memo(function Lines({ height, data, dataKey, series, unit, domain, tickSpace = 48 }: LinesProps) {
  const width = useContext(Width);
  const colors = useColors(series);
  const tooltip = useTooltipContent(series, unit);
  const value = useValueTicks(data, series, false, domain, true);
  // The axes first, the lines in a later turn, as Bars.
  const linesTurn = useLaterTurn(width !== null);
  const tooltipTurn = useLaterTurn(linesTurn);
  const gridLines = useGridLines(value.ticks, data.length, false);
  if (width === null) return null;
  const valueTick = ticksFor(unit);
  return (
    <div className={grid.root} dir="ltr">
      <LineChart width={width} height={height} data={data} margin={MARGIN} accessibilityLayer>
        <XAxis className={grid.axis} dataKey={dataKey} tick={plain.x} stroke="" tickLine={false} interval={tickInterval(data.length, width - 60, tickSpace)} />
        <YAxis
          className={grid.axis}
          type="number"
          tick={valueTick.y}
          axisLine={false}
          tickLine={TICK_LINE}
          domain={value.domain}
          ticks={value.ticks}
          interval={0}
        />
        <CartesianGrid
          className={grid.grid}
          strokeDasharray={GRID_DASH}
          horizontal
          vertical={false}
          horizontalCoordinatesGenerator={gridLines}
          verticalCoordinatesGenerator={noLines}
        />
        {tooltipTurn && (
          <Tooltip isAnimationActive={false} animationDuration={0} position={TOOLTIP_AT_TOP} cursor={LINE_CURSOR} content={tooltip} />
        )}
        {linesTurn && series.map((s, i) => (
          <Line
            key={s.name}
            name={s.name}
            dataKey={s.name}
            type="monotone"
            stroke={colors[i]}
            fill={colors[i]}
            strokeWidth={2}
            dot={{ fillOpacity: 1, strokeOpacity: 1, strokeWidth: 1, fill: colors[i], stroke: colors[i] }}
            activeDot={{ fill: colors[i], stroke: colors[i] }}
            connectNulls
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </div>
  );
});
