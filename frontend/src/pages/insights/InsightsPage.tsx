import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import {
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

/** How candidates move through the assessments, as charts with their figures one click away. */
export function InsightsPage() {
  const [choice, setChoice] = useInsightsChoice();
  // Today, once per visit: the presets end on it.
  const [today] = useState(() => new Date());
  const filter = useMemo(() => filterOf(choice, today), [choice, today]);
  const funnel = useInsightsFunnel(filter);
  const stalling = useInsightsStalling(filter, choice.days);
  const timing = useInsightsTiming(filter);
  const scores = useInsightsScores(filter);
  const challenges = useInsightsChallenges(filter);
  const calibration = useInsightsCalibration(filter);

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
        <div style={wide}>
          <Fetched query={funnel} what="the funnel" span>
            {(f) => <FunnelCard funnel={f} />}
          </Fetched>
        </div>
        <div style={wide}>
          <Fetched query={stalling} what="the candidates who have not started" span>
            {(s) => <StallingCard stalling={s} days={choice.days} onDays={(days) => setChoice({ ...choice, days })} />}
          </Fetched>
        </div>
        <Fetched query={timing} what="the times to start and submit" span>
          {(t) => <TimingCards timing={t} />}
        </Fetched>
        <Fetched query={scores} what="the scores" span>
          {(s) => (
            <>
              <ScoreDistributionCard scores={s} />
              <WeeklyPassRateCard scores={s} />
            </>
          )}
        </Fetched>
        <Fetched query={challenges} what="the challenges" span>
          {(c) => <ChallengeCards challenges={c} />}
        </Fetched>
        <div style={wide}>
          <Fetched query={calibration} what="the calibration" span>
            {(c) => <CalibrationCard calibration={c} />}
          </Fetched>
        </div>
      </SimpleGrid>
    </div>
  );
}

export default InsightsPage;
