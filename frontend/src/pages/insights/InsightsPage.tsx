import { memo, useCallback, useDeferredValue, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import {
  type InsightsFilter,
  useInsightsCalibration,
  useInsightsChallenges,
  useInsightsFunnel,
  useInsightsScores,
  useInsightsStalling,
  useInsightsTiming,
} from '../../api/insights';
import { ErrorState, Loading } from '../../components/States';
import { hrefFor } from '../../router';
import { CalibrationCard } from './CalibrationCard';
import { ChallengeCards } from './ChallengeCards';
import { choiceFromSearch, choiceToSearch, filterOf, type InsightsChoice } from './filters';
import { FunnelCard } from './FunnelCard';
import { InsightsFilters } from './InsightsFilters';
import { ScoreDistributionCard, WeeklyPassRateCard } from './ScoreCards';
import { StallingCard } from './StallingCard';
import { TimingCards } from './TimingCards';
import classes from './Insights.module.css';
import '@mantine/charts/styles.css';

/** The choice lives in the address (#/insights?period=30d) so a view can be linked to and reloaded. */
function useInsightsChoice(): [InsightsChoice, (c: InsightsChoice) => void] {
  const [choice, setChoice] = useState<InsightsChoice>(() => {
    const hash = window.location.hash;
    const at = hash.indexOf('?');
    return choiceFromSearch(at >= 0 ? hash.slice(at) : '');
  });
  useEffect(() => {
    const next = `${hrefFor('insights')}${choiceToSearch(choice)}`;
    if (window.location.hash !== next) window.history.replaceState(null, '', next);
  }, [choice]);
  return [choice, setChoice];
}

/** A chart's answer, or where it stands: loading, or why it failed with Try again. */
function Fetched<T>({ query, what, span, children }: {
  query: UseQueryResult<T>;
  what: string;
  span?: boolean;
  children: (data: T) => ReactNode;
}) {
  if (query.data !== undefined) return <>{children(query.data)}</>;
  return (
    <Paper withBorder radius="md" p="md" style={span ? { gridColumn: '1 / -1' } : undefined}>
      {query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} title={`Could not load ${what}`} />
      ) : (
        <Loading label={`Loading ${what}…`} />
      )}
    </Paper>
  );
}

const wide = { gridColumn: '1 / -1' } as const;

// Each chart reads its own answer in a component of its own: an answer that arrives draws its
// cards again, not the whole screen (a query's update is drawn at once, outside any transition).
// Each is memoised: a new choice draws the filters at once, and the charts' part follows as a
// deferred value, rendered a few milliseconds at a time between frames. Drawn in the click, the
// charts' new queries and cards made a 53 ms task (`make bench-ui`, "insights", choosing "30 days").

const Funnel = memo(function Funnel({ filter }: { filter: InsightsFilter }) {
  return (
    <div style={wide}>
      <Fetched query={useInsightsFunnel(filter)} what="the funnel" span>
        {(f) => <FunnelCard funnel={f} />}
      </Fetched>
    </div>
  );
});

const Stalling = memo(function Stalling({ filter, days, onDays }: {
  filter: InsightsFilter;
  days: number;
  onDays: (days: number) => void;
}) {
  return (
    <div style={wide}>
      <Fetched query={useInsightsStalling(filter, days)} what="the candidates who have not started" span>
        {(s) => <StallingCard stalling={s} days={days} onDays={onDays} />}
      </Fetched>
    </div>
  );
});

const Timing = memo(function Timing({ filter }: { filter: InsightsFilter }) {
  return (
    <Fetched query={useInsightsTiming(filter)} what="the times to start and submit" span>
      {(t) => <TimingCards timing={t} />}
    </Fetched>
  );
});

const Scores = memo(function Scores({ filter }: { filter: InsightsFilter }) {
  return (
    <Fetched query={useInsightsScores(filter)} what="the scores" span>
      {(s) => (
        <>
          <ScoreDistributionCard scores={s} />
          <WeeklyPassRateCard scores={s} />
        </>
      )}
    </Fetched>
  );
});

const Challenges = memo(function Challenges({ filter }: { filter: InsightsFilter }) {
  return (
    <Fetched query={useInsightsChallenges(filter)} what="the challenges" span>
      {(c) => <ChallengeCards challenges={c} />}
    </Fetched>
  );
});

const Calibration = memo(function Calibration({ filter }: { filter: InsightsFilter }) {
  return (
    <div style={wide}>
      <Fetched query={useInsightsCalibration(filter)} what="the calibration" span>
        {(c) => <CalibrationCard calibration={c} />}
      </Fetched>
    </div>
  );
});

/** How candidates move through the assessments, as charts with their figures one click away. */
export function InsightsPage() {
  const [choice, setChoice] = useInsightsChoice();
  // Today, once per visit: the presets end on it.
  const [today] = useState(() => new Date());
  const filter = useMemo(() => filterOf(choice, today), [choice, today]);
  const charted = useDeferredValue(filter);
  // The latest choice, for a callback that stays the same across choices (the charts are memoised).
  const latest = useRef(choice);
  useEffect(() => {
    latest.current = choice;
  }, [choice]);
  const onDays = useCallback((days: number) => setChoice({ ...latest.current, days }), [setChoice]);

  return (
    <div className={classes.root} data-testid="insights-page">
      <Stack gap={4} mb="lg">
        <Title order={1} size="h2">
          Insights
        </Title>
        <Text size="sm" className={classes.muted} maw={720}>
          How candidates move from the invitation to a result, for the period, assessment and posting you choose. Each
          chart has its numbers one click away, and a CSV of them.
        </Text>
      </Stack>
      <InsightsFilters choice={choice} onChange={setChoice} period={filter} />
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <Funnel filter={charted} />
        <Stalling filter={charted} days={choice.days} onDays={onDays} />
        <Timing filter={charted} />
        <Scores filter={charted} />
        <Challenges filter={charted} />
        <Calibration filter={charted} />
      </SimpleGrid>
    </div>
  );
}

export default InsightsPage;
