#!/usr/bin/env node
// What ran in a phase's long frames: `node bench/long-frames.mjs <trace.json>...` (traces kept by
// `make bench-ui BENCH_UI_TRACES=folder`). For each gap between two presented frames over the
// budget it lists the main thread's tasks in it, what each spent its time on (self time by trace
// event), and, when the trace was taken with BENCH_UI_PROFILE=1 (V8's sampling profiler on), the
// functions that ran: self time and time including callees. With an unminified build
// (`npx vite build --minify false`) the functions keep their names, components included.

import { readFileSync } from 'node:fs';

const BUDGET_US = Number(process.env.BUDGET_MS ?? 50) * 1000;
const TOP = Number(process.env.TOP ?? 12);

const ms = (us) => (us / 1000).toFixed(1);

function load(file) {
  const json = JSON.parse(readFileSync(file, 'utf8'));
  return Array.isArray(json) ? json : json.traceEvents ?? [];
}

function analyse(file) {
  const events = load(file);
  const names = new Map();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args?.name ?? '');
  const thread = (e) => names.get(`${e.pid}:${e.tid}`);
  const mark = (n) => events.filter((e) => e.name === n && (e.cat ?? '').includes('blink.user_timing')).map((e) => e.ts).sort((a, b) => a - b)[0];
  const from = mark('bench:start');
  const to = mark('bench:end');
  if (from === undefined || to === undefined) {
    console.log(`${file}: no bench marks`);
    return;
  }
  const renderers = new Set();
  for (const [k, n] of names) if (n === 'CrRendererMain') renderers.add(Number(k.split(':')[0]));
  const fcp = events.filter((e) => e.name === 'firstContentfulPaint' && e.ts >= from).map((e) => e.ts).sort((a, b) => a - b)[0];
  const framesFrom = file.includes('navigation') && fcp ? fcp : from;
  const frames = events
    .filter((e) => e.name === 'DrawFrame' && renderers.has(e.pid) && thread(e) === 'Compositor' && e.ts >= framesFrom && e.ts <= to)
    .map((e) => e.ts)
    .sort((a, b) => a - b);
  const edges = [framesFrom, ...frames, to];
  const gaps = [];
  for (let i = 1; i < edges.length; i++) if (edges[i] - edges[i - 1] > BUDGET_US) gaps.push([edges[i - 1], edges[i]]);

  const main = events
    .filter((e) => e.ph === 'X' && e.dur !== undefined && thread(e) === 'CrRendererMain')
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const samples = profileSamples(events);
  console.log(`\n== ${file}: ${frames.length} frames, ${gaps.length} over ${BUDGET_US / 1000} ms`);
  if (process.env.TASKS) {
    // Every top-level task of the phase by its CPU time (test driver's left out): on a busy machine
    // a task's wall time includes waiting for a core, its CPU time does not.
    const tasks = [];
    let end = -Infinity;
    for (const t of main) {
      if (t.name !== 'RunTask' && t.name !== 'ThreadControllerImpl::RunTask') continue;
      if (t.ts < end) continue;
      end = t.ts + t.dur;
      if (t.ts < from || t.ts > to) continue;
      const inside = main.filter((e) => e !== t && e.ts >= t.ts && e.ts + e.dur <= end);
      const mojo = inside.find((e) => e.name === 'Receive mojo message');
      if (mojo?.args?.chrome_mojo_event_info?.mojo_interface_tag === 'blink.mojom.DevToolsSession') continue;
      tasks.push({ cpu: t.tdur ?? 0, wall: t.dur, at: t.ts - from, t, inside });
    }
    const cpus = tasks.map((t) => t.cpu).sort((a, b) => b - a);
    const over = (n) => cpus.filter((c) => c > n * 1000).length;
    const total = cpus.reduce((a, b) => a + b, 0);
    console.log(
      `tasks: ${tasks.length}, cpu total ${ms(total)} ms, longest cpu ${cpus.slice(0, 8).map(ms).join(' ')}; cpu>20: ${over(20)}, >40: ${over(40)}, >50: ${over(50)}; wall>50: ${tasks.filter((t) => t.wall > 50000).length}`,
    );
    for (const x of [...tasks].sort((a, b) => b.cpu - a.cpu).slice(0, Number(process.env.TASKS) || 0)) {
      console.log(`  task ${ms(x.wall)} ms (cpu ${ms(x.cpu)}) at +${ms(x.at)}: ${selfTimes(x.t, x.inside)}`);
      if (samples.length) {
        const inTask = samples.filter((p) => p.ts >= x.t.ts && p.ts <= x.t.ts + x.t.dur);
        printTop('self', selfBy(inTask));
        printTop('total', totalBy(inTask));
        printStacks(inTask);
      }
    }
    if (process.env.TASKS === 'only' || Number(process.env.TASKS) > 0) return;
  }
  for (const [a, b] of gaps) {
    console.log(`\n-- frame gap ${ms(b - a)} ms at +${ms(a - from)} ms`);
    // Top-level tasks overlapping the gap.
    let end = -Infinity;
    for (const t of main) {
      if (t.name !== 'RunTask' && t.name !== 'ThreadControllerImpl::RunTask') continue;
      if (t.ts < end) continue;
      end = t.ts + t.dur;
      if (end < a || t.ts > b || t.dur < 2000) continue;
      const inside = main.filter((e) => e !== t && e.ts >= t.ts && e.ts + e.dur <= end);
      const mojo = inside.find((e) => e.name === 'Receive mojo message');
      const devtools = mojo?.args?.chrome_mojo_event_info?.mojo_interface_tag === 'blink.mojom.DevToolsSession' ? ' [test driver]' : '';
      console.log(`  task ${ms(t.dur)} ms (cpu ${ms(t.tdur ?? 0)}) at +${ms(t.ts - from)}${devtools}: ${selfTimes(t, inside)}`);
      const what = inside
        .filter((e) => ['FunctionCall', 'TimerFire', 'EventDispatch', 'FireAnimationFrame', 'RunMicrotasks', 'v8.callFunction', 'XHRReadyStateChange', 'FireIdleCallback'].includes(e.name) && e.dur > 3000)
        .slice(0, 6)
        .map((e) => `${e.name}${label(e)} ${ms(e.dur)}`);
      if (what.length) console.log(`    ${what.join('; ')}`);
    }
    if (samples.length) {
      const inGap = samples.filter((s) => s.ts >= a && s.ts <= b);
      console.log(`  profile: ${inGap.length} samples`);
      printTop('self', selfBy(inGap));
      printTop('total', totalBy(inGap));
      printStacks(inGap);
    }
  }
}

/** The callers of one function (STACK=name): its most common stacks, DEPTH (10) frames up. */
function printStacks(samples) {
  if (!process.env.STACK) return;
  const stacks = new Map();
  for (const s of samples) {
    const at = s.stack.findIndex((f) => f.startsWith(`${process.env.STACK} `) || f === process.env.STACK);
    if (at < 0) continue;
    const key = s.stack.slice(at, at + Number(process.env.DEPTH ?? 10)).join(' < ');
    stacks.set(key, (stacks.get(key) ?? 0) + s.dt);
  }
  for (const [k, us] of [...stacks].sort((x, y) => y[1] - x[1]).slice(0, 4)) console.log(`    ${ms(us)} ms: ${k}`);
}

function label(e) {
  const d = e.args?.data ?? {};
  if (d.functionName) return `(${d.functionName} ${String(d.url ?? '').split('/').pop()}:${d.lineNumber ?? ''})`;
  if (d.type) return `(${d.type})`;
  return '';
}

function selfTimes(task, inside) {
  const totals = new Map();
  const stack = [{ e: task, children: 0 }];
  const add = (n, us) => totals.set(n, (totals.get(n) ?? 0) + us);
  const close = (until) => {
    while (stack.length > 1 && stack.at(-1).e.ts + stack.at(-1).e.dur <= until) {
      const top = stack.pop();
      add(top.e.name, top.e.dur - top.children);
      stack.at(-1).children += top.e.dur;
    }
  };
  for (const e of inside) {
    close(e.ts);
    stack.push({ e, children: 0 });
  }
  close(Infinity);
  add('(task)', task.dur - stack[0].children);
  return [...totals]
    .filter(([, us]) => us >= 1000)
    .sort((x, y) => y[1] - x[1])
    .map(([n, us]) => `${n} ${ms(us)}`)
    .join(', ');
}

/** The V8 sampling profiler's samples: {ts, stack: [leaf..root callFrame names]}. */
function profileSamples(events) {
  const profiles = new Map();
  for (const e of events) {
    if (e.name === 'Profile') profiles.set(`${e.pid}:${e.id}`, { start: e.args?.data?.startTime ?? e.ts, nodes: new Map(), samples: [], deltas: [] });
  }
  for (const e of events) {
    if (e.name !== 'ProfileChunk') continue;
    const p = profiles.get(`${e.pid}:${e.id}`);
    if (!p) continue;
    const d = e.args?.data ?? {};
    for (const n of d.cpuProfile?.nodes ?? []) p.nodes.set(n.id, n);
    p.samples.push(...(d.cpuProfile?.samples ?? []));
    p.deltas.push(...(d.timeDeltas ?? []));
  }
  const out = [];
  for (const p of profiles.values()) {
    const name = (n) => {
      const f = n.callFrame ?? {};
      const where = f.url ? ` ${String(f.url).split('/').pop()}:${(f.lineNumber ?? 0) + 1}` : '';
      return `${f.functionName || '(anonymous)'}${where}`;
    };
    let ts = p.start;
    for (let i = 0; i < p.samples.length; i++) {
      ts += p.deltas[i] ?? 0;
      const stack = [];
      for (let n = p.nodes.get(p.samples[i]); n; n = n.parent !== undefined ? p.nodes.get(n.parent) : undefined) stack.push(name(n));
      out.push({ ts, stack, dt: p.deltas[i + 1] ?? 0 });
    }
  }
  return out.sort((x, y) => x.ts - y.ts);
}

function selfBy(samples) {
  const m = new Map();
  for (const s of samples) m.set(s.stack[0], (m.get(s.stack[0]) ?? 0) + s.dt);
  return m;
}

function totalBy(samples) {
  const m = new Map();
  for (const s of samples) for (const f of new Set(s.stack)) m.set(f, (m.get(f) ?? 0) + s.dt);
  return m;
}

function printTop(what, m) {
  const top = [...m]
    .filter(([n]) => !['(root)', '(program)', '(idle)'].includes(n.split(' ')[0]))
    .sort((x, y) => y[1] - x[1])
    .slice(0, TOP);
  console.log(`    ${what}: ${top.map(([n, us]) => `${n} ${ms(us)}`).join(' | ')}`);
}

for (const f of process.argv.slice(2)) analyse(f);
