// Reading a Chromium performance trace (the JSON that DevTools' Performance panel saves) for the
// figures the dashboard benchmark reports: main-thread tasks and frames.

/** One trace event, as Chromium writes it (Trace Event Format). */
export interface TraceEvent {
  name: string;
  cat?: string;
  ph: string;
  ts: number; // microseconds
  dur?: number; // microseconds, for complete ('X') events
  tdur?: number; // microseconds of those the thread was running (not waiting for the CPU or another process)
  pid: number;
  tid: number;
  args?: Record<string, unknown>;
}

/** The trace categories the figures need: tasks and their contents, frames, marks, paints. */
export const TRACE_CATEGORIES = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'blink.user_timing',
  'loading',
  'v8.execute',
];

/** What the main thread spent a task on. */
export type Work = 'script' | 'style' | 'layout' | 'paint' | 'gc' | 'parse' | 'other';

/** The figures of one phase. */
export interface PhaseFigures {
  /** The longest top-level task on the page's main thread, in ms. */
  longestTaskMs: number;
  /** How much of that task the main thread ran; the rest it waited (for the CPU, or another process). */
  longestTaskCpuMs: number;
  /** What that task spent its time on, in ms, largest first. */
  longestTaskWork: [Work, number][];
  /** Top-level main-thread tasks over 50 ms. */
  tasksOver50: number;
  /** The longest gap between two frames presented on screen, in ms. */
  longestFrameMs: number;
  /** Frame gaps over 50 ms. */
  framesOver50: number;
  /** Frames presented in the phase. */
  frames: number;
  /** The phase's length, from its start mark to its end mark, in ms. */
  phaseMs: number;
}

const WORK_BY_EVENT: Record<string, Work> = {
  FunctionCall: 'script',
  EvaluateScript: 'script',
  'v8.evaluateModule': 'script',
  'v8.compile': 'script',
  'v8.compileModule': 'script',
  'v8.run': 'script',
  TimerFire: 'script',
  EventDispatch: 'script',
  RunMicrotasks: 'script',
  FireAnimationFrame: 'script',
  FireIdleCallback: 'script',
  XHRReadyStateChange: 'script',
  XHRLoad: 'script',
  UpdateLayoutTree: 'style',
  RecalculateStyles: 'style',
  ParseAuthorStyleSheet: 'style',
  Layout: 'layout',
  PrePaint: 'paint',
  Paint: 'paint',
  Layerize: 'paint',
  UpdateLayer: 'paint',
  Commit: 'paint',
  CompositeLayers: 'paint',
  MinorGC: 'gc',
  MajorGC: 'gc',
  'V8.GC_SCAVENGER': 'gc',
  'V8.GC_MARK_COMPACTOR': 'gc',
  'BlinkGC.AtomicPhase': 'gc',
  ParseHTML: 'parse',
};

function workOf(e: TraceEvent): Work | undefined {
  if (WORK_BY_EVENT[e.name]) return WORK_BY_EVENT[e.name];
  if (e.name.startsWith('V8.GC') || e.name.startsWith('BlinkGC')) return 'gc';
  return undefined;
}

/** The events of a trace, whichever of its two shapes (an array, or an object with traceEvents). */
export function traceEvents(json: unknown): TraceEvent[] {
  if (Array.isArray(json)) return json as TraceEvent[];
  return ((json as { traceEvents?: TraceEvent[] }).traceEvents ?? []) as TraceEvent[];
}

/** The trace time (µs) of the first user-timing mark by that name, if any. */
export function markTime(events: TraceEvent[], name: string): number | undefined {
  let at: number | undefined;
  for (const e of events) {
    if (e.name === name && (e.cat ?? '').includes('blink.user_timing') && (at === undefined || e.ts < at)) at = e.ts;
  }
  return at;
}

/** The first contentful paint at or after `from` (µs), if any. */
export function firstPaintAfter(events: TraceEvent[], from: number): number | undefined {
  let at: number | undefined;
  for (const e of events) {
    if (e.name === 'firstContentfulPaint' && e.ts >= from && (at === undefined || e.ts < at)) at = e.ts;
  }
  return at;
}

/**
 * The figures of one phase, between two trace times (µs).
 *
 * Tasks: the top-level tasks (RunTask) on every renderer main thread (CrRendererMain) that
 * overlap the phase, but for DevTools protocol messages (the test driver's questions to the page). Frames: DrawFrame events on the renderers' compositor threads — a frame
 * presented on screen — and the gaps between consecutive ones from `framesFrom` (default: the
 * phase's start) to its end; the end itself closes the last gap, so a stall at the end counts.
 */
export function phaseFigures(events: TraceEvent[], from: number, to: number, framesFrom = from): PhaseFigures {
  const threadNames = new Map<string, string>();
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name') {
      threadNames.set(`${e.pid}:${e.tid}`, String((e.args as { name?: string })?.name ?? ''));
    }
  }
  const isThread = (e: TraceEvent, name: string) => threadNames.get(`${e.pid}:${e.tid}`) === name;
  const renderers = new Set<number>();
  for (const [key, name] of threadNames) if (name === 'CrRendererMain') renderers.add(Number(key.split(':')[0]));

  // The main threads' complete events, per thread, in order.
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.ph !== 'X' || e.dur === undefined || !isThread(e, 'CrRendererMain')) continue;
    const key = `${e.pid}:${e.tid}`;
    if (!byThread.has(key)) byThread.set(key, []);
    byThread.get(key)!.push(e);
  }
  let longest: TraceEvent | undefined;
  let longestThread: TraceEvent[] = [];
  let tasksOver50 = 0;
  for (const list of byThread.values()) {
    list.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
    let end = -Infinity; // the end of the enclosing top-level task
    for (const e of list) {
      if (e.name !== 'RunTask' && e.name !== 'ThreadControllerImpl::RunTask') continue;
      if (e.ts < end) continue; // nested in a task already seen
      end = e.ts + e.dur!;
      if (end < from || e.ts > to) continue; // outside the phase
      if (servesDevTools(e, list)) continue; // the test driver's work, not the page's
      if (e.dur! > 50_000) tasksOver50++;
      if (!longest || e.dur! > longest.dur!) {
        longest = e;
        longestThread = list;
      }
    }
  }

  const frames: number[] = [];
  for (const e of events) {
    if (e.name === 'DrawFrame' && renderers.has(e.pid) && isThread(e, 'Compositor') && e.ts >= framesFrom && e.ts <= to) {
      frames.push(e.ts);
    }
  }
  frames.sort((a, b) => a - b);
  let longestFrame = 0;
  let framesOver50 = 0;
  const edges = [framesFrom, ...frames, to];
  for (let i = 1; i < edges.length; i++) {
    const gap = edges[i] - edges[i - 1];
    longestFrame = Math.max(longestFrame, gap);
    if (gap > 50_000) framesOver50++;
  }

  return {
    longestTaskMs: ms(longest?.dur ?? 0),
    longestTaskCpuMs: ms(longest?.tdur ?? 0),
    longestTaskWork: longest ? workInside(longest, longestThread) : [],
    tasksOver50,
    longestFrameMs: ms(longestFrame),
    framesOver50,
    frames: frames.length,
    phaseMs: ms(to - from),
  };
}

/** Whether a task is a DevTools protocol message: the test driver asking the page something. */
function servesDevTools(task: TraceEvent, thread: TraceEvent[]): boolean {
  const end = task.ts + task.dur!;
  for (const e of thread) {
    if (e.ts < task.ts) continue;
    if (e.ts > end) break;
    if (e.name === 'Receive mojo message') {
      const info = (e.args as { chrome_mojo_event_info?: { mojo_interface_tag?: string } })?.chrome_mojo_event_info;
      return info?.mojo_interface_tag === 'blink.mojom.DevToolsSession';
    }
  }
  return false;
}

/** The self time of the events inside a task, by kind of work (an unknown event counts as its parent's). */
function workInside(task: TraceEvent, thread: TraceEvent[]): [Work, number][] {
  const end = task.ts + task.dur!;
  const inside = thread.filter((e) => e !== task && e.ts >= task.ts && e.ts + (e.dur ?? 0) <= end);
  const totals = new Map<Work, number>();
  const add = (w: Work, us: number) => totals.set(w, (totals.get(w) ?? 0) + us);
  // Walk the nesting with a stack: each event's self time is its length minus its children's.
  const stack: { e: TraceEvent; work: Work; children: number }[] = [{ e: task, work: 'other', children: 0 }];
  const close = (until: number) => {
    while (stack.length > 1 && stack[stack.length - 1].e.ts + stack[stack.length - 1].e.dur! <= until) {
      const top = stack.pop()!;
      add(top.work, top.e.dur! - top.children);
      stack[stack.length - 1].children += top.e.dur!;
    }
  };
  for (const e of inside) {
    close(e.ts);
    const parent = stack[stack.length - 1];
    stack.push({ e, work: workOf(e) ?? parent.work, children: 0 });
  }
  close(Infinity);
  add('other', task.dur! - stack[0].children);
  return [...totals.entries()].filter(([, us]) => us >= 500).map(([w, us]) => [w, ms(us)] as [Work, number]).sort((a, b) => b[1] - a[1]);
}

function ms(us: number): number {
  return Math.round(us / 100) / 10;
}
