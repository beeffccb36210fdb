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
import { Bar, BarChart, CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis, type TooltipContentProps, type TooltipValueType } from 'recharts';

// The Insights screen's charts: recharts' bar and line charts, drawn with Mantine's look (its
// classes, CSS variables, legend and tooltip), at a width measured once per card.
//
// Mantine's BarChart and LineChart sit in recharts' ResponsiveContainer, which draws nothing at
// first, then measures its box during React's commit and draws the whole chart in that same task,
// synchronously, outside the transition the chart was given: 40–110 ms of CPU per chart on the UI
// bench (`make bench-ui`, phase "insights"). Here the card's width is known before its chart's
// turn comes (turns.ts), so the chart is drawn within the turn's transition, a slice at a time.
// The legend is plain HTML above the chart (recharts measures its own legend and draws again);
// the legend's and tooltip's content, the axes' domains and the ticks' props are made once;
// no hidden right axis, no animation.

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

/** The value axis's range: from 0 to its largest value with `room` above it (at least 1). */
export function headroom(room: number): [number, (max: number) => number] {
  return [0, (max: number) => Math.max(1, Math.ceil(max * room))];
}

const grid = MantineBarChart.classes;
// Mantine's legend with position "top": its items' height, 7 px padding above and below a 14 px
// line, and its padding below (spacing md).
const LEGEND_HEIGHT = 44;
const GRID_DASH = '5 5';
const X_TICK = { transform: 'translate(0, 10)', fontSize: 12, fill: 'currentColor' } as const;
const Y_TICK = { transform: 'translate(-10, 0)', fontSize: 12, fill: 'currentColor' } as const;
const TICK_LINE = { stroke: 'currentColor' } as const;
const BAR_CURSOR = { stroke: 'var(--chart-grid-color)', strokeWidth: 1, strokeDasharray: GRID_DASH, fill: 'var(--chart-cursor-fill)' } as const;
const LINE_CURSOR = { stroke: 'var(--chart-grid-color)', strokeWidth: 1, strokeDasharray: GRID_DASH } as const;
const TOOLTIP_AT_TOP = { y: 0 } as const;
const TOOLTIP_FREE = {} as const;
const MARGIN = { top: 5, right: 5, bottom: 5, left: 5 } as const;

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

function marksOf(marks: ChartMark[] | undefined) {
  return marks?.map((m) => (
    <ReferenceLine
      key={`${m.x} ${m.label}`}
      x={m.x}
      stroke={m.color}
      strokeWidth={1}
      strokeDasharray={m.dashed ? '4 2' : undefined}
      label={{ value: m.label, fill: m.color, fontSize: 12, position: m.position, dy: m.dy }}
    />
  ));
}

type Domain = [number, number | ((max: number) => number)];

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
  /** The value axis's range. */
  domain?: Domain;
  /** Whether the value axis may show fractions. */
  allowDecimals?: boolean;
  /** With layout "vertical": the width of the categories' column. */
  categoryWidth?: number;
  /** The room a category's label takes, in px: fewer labels where the bars are many. */
  tickSpace?: number;
};

/** Bars, one per category, in Mantine's look: a chart of the card's width (see ChartArea). */
export const Bars = memo(function Bars(props: BarsProps) {
  const { height, data, dataKey, series, stacked, layout = 'horizontal', withLegend, unit, marks, domain, allowDecimals = true } = props;
  const width = useContext(Width);
  const colors = useColors(series);
  const tooltip = useTooltipContent(series, unit);
  const [highlighted, setHighlighted] = useState<string | null>(null);
  if (width === null) return null;
  const across = layout === 'vertical';
  const chartHeight = withLegend ? height - LEGEND_HEIGHT : height;
  const categories = tickInterval(data.length, across ? chartHeight : width - 60, across ? 20 : (props.tickSpace ?? 48));
  const valueAxis = { type: 'number' as const, domain, allowDecimals, unit, interval: 0 };
  return (
    <div className={grid.root} dir="ltr" data-orientation={layout} onMouseLeave={() => setHighlighted(null)}>
      {withLegend && <Legend series={series} colors={colors} onHighlight={setHighlighted} />}
      <BarChart width={width} height={chartHeight} data={data} layout={layout} margin={MARGIN} accessibilityLayer>
        {across ? (
          <XAxis className={grid.axis} tick={X_TICK} stroke="" tickLine={false} minTickGap={5} {...valueAxis} />
        ) : (
          <XAxis className={grid.axis} dataKey={dataKey} tick={X_TICK} stroke="" tickLine={false} interval={categories} />
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
          <YAxis className={grid.axis} tick={Y_TICK} axisLine={false} tickLine={TICK_LINE} {...valueAxis} />
        )}
        <CartesianGrid className={grid.grid} strokeDasharray={GRID_DASH} horizontal vertical={false} />
        <Tooltip
          isAnimationActive={false}
          animationDuration={0}
          position={across ? TOOLTIP_FREE : TOOLTIP_AT_TOP}
          cursor={BAR_CURSOR}
          content={tooltip}
        />
        {series.map((s, i) => {
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
  domain?: Domain;
  /** The room a category's label takes, in px: fewer labels where the points are many. */
  tickSpace?: number;
};

/** A line per series, with a dot per point, in Mantine's look (its LineChart's defaults). */
export const Lines = memo(function Lines({ height, data, dataKey, series, unit, domain, tickSpace = 48 }: LinesProps) {
  const width = useContext(Width);
  const colors = useColors(series);
  const tooltip = useTooltipContent(series, unit);
  if (width === null) return null;
  return (
    <div className={grid.root} dir="ltr">
      <LineChart width={width} height={height} data={data} margin={MARGIN} accessibilityLayer>
        <XAxis className={grid.axis} dataKey={dataKey} tick={X_TICK} stroke="" tickLine={false} interval={tickInterval(data.length, width - 60, tickSpace)} />
        <YAxis className={grid.axis} type="number" tick={Y_TICK} axisLine={false} tickLine={TICK_LINE} domain={domain} unit={unit} interval={0} />
        <CartesianGrid className={grid.grid} strokeDasharray={GRID_DASH} horizontal vertical={false} />
        <Tooltip isAnimationActive={false} animationDuration={0} position={TOOLTIP_AT_TOP} cursor={LINE_CURSOR} content={tooltip} />
        {series.map((s, i) => (
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
