import { memo, useMemo } from 'react';
import type { ChartSeries } from '@mantine/charts';
import type { InsightsChallenges } from '../../api/insights';
import { ChartCard } from './ChartCard';
import { Bars } from './charts';
import type { Figures } from './csv';

const round = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);

export function averageFigures(c: InsightsChallenges): Figures {
  return {
    columns: ['Challenge', 'Submitted', 'Average score'],
    rows: c.challenges.map((ch) => [ch.title, ch.submitted, round(ch.average)]),
  };
}

export function dropFigures(c: InsightsChallenges): Figures {
  return {
    columns: ['Challenge', 'Submitted', 'Blank', 'Stopped here'],
    rows: c.challenges.map((ch) => [ch.title, ch.submitted, ch.blank, ch.stoppedHere]),
  };
}

const AVERAGE_SERIES: ChartSeries[] = [{ name: 'average', label: 'Average score', color: 'indigo.6' }];
const AVERAGE_DOMAIN = { max: 100 };
const DROP_SERIES: ChartSeries[] = [
  { name: 'blank', label: 'Blank', color: 'orange.7' },
  { name: 'stoppedHere', label: 'Stopped here', color: 'red.8' },
];

/** Per challenge, in the assessment's order: the average score, and where candidates drop. */
export const ChallengeCards = memo(function ChallengeCards({ challenges }: { challenges: InsightsChallenges }) {
  const list = challenges.challenges;
  const file = (what: string) => `${what}-${challenges.period.from}-${challenges.period.to}`;
  const height = Math.max(160, list.length * 40);
  const none = list.length === 0 ? 'No submitted result with challenges in this period yet.' : null;
  const lowest = list.filter((c) => c.average !== null).sort((a, b) => (a.average ?? 0) - (b.average ?? 0))[0];
  const dropped = [...list].sort((a, b) => b.blank + b.stoppedHere - (a.blank + a.stoppedHere))[0];
  const averages = useMemo(() => list.map((c) => ({ title: c.title, average: round(c.average) })), [list]);
  const drops = useMemo(() => list.map((c) => ({ title: c.title, blank: c.blank, stoppedHere: c.stoppedHere })), [list]);
  return (
    <>
      <ChartCard
        title="Average score per challenge"
        testId="challenge-scores"
        height={height}
        file={file('challenge-scores')}
        figures={averageFigures(challenges)}
        summary={
          lowest
            ? `Average score of ${list.length} challenges; the lowest is ${lowest.title} at ${round(lowest.average)}.`
            : 'Average score per challenge: no result yet.'
        }
        description="Of the submitted results that have the challenge."
        empty={none}
      >
        <Bars
          height={height}
          data={averages}
          dataKey="title"
          layout="vertical"
          series={AVERAGE_SERIES}
          domain={AVERAGE_DOMAIN}
          categoryWidth={140}
        />
      </ChartCard>
      <ChartCard
        title="Where candidates drop"
        testId="challenge-drops"
        height={height}
        file={file('challenge-drops')}
        figures={dropFigures(challenges)}
        summary={
          dropped && dropped.blank + dropped.stoppedHere > 0
            ? `Most candidates drop at ${dropped.title}: ${dropped.blank} left it blank, ${dropped.stoppedHere} stopped there.`
            : 'Where candidates drop: no challenge was left blank.'
        }
        description="Blank: scored 0 on it. Stopped here: the last challenge they scored on, with a later one left at 0."
        empty={none}
      >
        <Bars
          height={height}
          data={drops}
          dataKey="title"
          layout="vertical"
          stacked
          series={DROP_SERIES}
          withLegend
          allowDecimals={false}
          categoryWidth={140}
        />
      </ChartCard>
    </>
  );
});
