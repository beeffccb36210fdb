import { memo, useEffect, useState } from 'react';
import { Alert, Anchor, Button, Group, Pagination, Paper, Progress, Text } from '@mantine/core';
import { IconChecklist, IconUsers } from '@tabler/icons-react';
import { useInvitations, useStatus } from '../../api/queries';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { formatCount } from '../../lib/format';
import { hrefFor } from '../../router';
import { ExportCsv } from './ExportCsv';
import { Funnel } from './Funnel';
import { InvitationFilters } from './InvitationFilters';
import { ArchiveSuggestions } from './ArchiveSuggestions';
import { InvitationTable } from './InvitationTable';
import {
  DEFAULT_FILTERS,
  filtersFromSearch,
  filtersToQuery,
  filtersToSearch,
  isFiltered,
  PAGE_SIZE,
  pageCount,
  type DashboardFilters,
} from './filters';

/** Filters live in the address (#/dashboard?status=failed) so a view can be linked to and reloaded. */
function useDashboardFilters(): [DashboardFilters, (f: DashboardFilters) => void] {
  const [filters, setFilters] = useState<DashboardFilters>(() => {
    const hash = window.location.hash;
    const at = hash.indexOf('?');
    return at >= 0 ? filtersFromSearch(hash.slice(at)) : DEFAULT_FILTERS;
  });
  useEffect(() => {
    const next = `#/dashboard${filtersToSearch(filters)}`;
    if (window.location.hash !== next) window.history.replaceState(null, '', next);
  }, [filters]);
  return [filters, setFilters];
}

function SetupBanner() {
  const status = useStatus();
  const left = status.data?.setup.filter((s) => !s.done) ?? [];
  if (left.length === 0) return null;
  return (
    <Alert color="orange" variant="light" icon={<IconChecklist size={18} />} mb="md" data-testid="setup-banner">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Text size="sm">
          Setup is not finished: next is <b>{left[0].title}</b>. Candidates are invited only once every step is done.
        </Text>
        <Button component="a" href={hrefFor('setup')} size="xs" variant="light" color="orange">
          Continue setup
        </Button>
      </Group>
    </Alert>
  );
}

/**
 * Every candidate × assessment, live, with a funnel above it. It renders again only for its own
 * state and queries, not whenever the app around it does (the status refreshing on each webhook).
 */
export const DashboardPage = memo(function DashboardPage() {
  const [filters, setFilters] = useDashboardFilters();
  const query = filtersToQuery(filters);
  const invitations = useInvitations(query);
  const total = invitations.data?.total ?? 0;
  const pages = pageCount(total);
  const rows = invitations.data?.invitations ?? [];
  const first = total === 0 ? 0 : (query.offset ?? 0) + 1;
  const last = Math.min(total, (query.offset ?? 0) + rows.length);

  // A page past the end (rows went away) falls back to the last one.
  useEffect(() => {
    if (invitations.data && !invitations.isPlaceholderData && filters.page > pages) {
      setFilters({ ...filters, page: pages });
    }
  }, [invitations.data, invitations.isPlaceholderData, filters, pages, setFilters]);

  let body;
  if (invitations.isPending) {
    body = <Loading label="Loading candidates…" />;
  } else if (invitations.isError && !invitations.data) {
    body = <ErrorState error={invitations.error} onRetry={() => invitations.refetch()} title="Could not load candidates" />;
  } else if (rows.length === 0) {
    body = isFiltered(filters) ? (
      <EmptyState title="No one matches these filters">
        Try another status, assessment or posting, or{' '}
        <Anchor component="button" onClick={() => setFilters({ ...DEFAULT_FILTERS, sort: filters.sort })}>
          clear the filters
        </Anchor>
        .
      </EmptyState>
    ) : (
      <EmptyState title="No candidates yet" icon={<IconUsers size={24} />}>
        When a candidate tagged with an assessment title newly enters a trigger stage in Lever, they are invited and
        appear here.
      </EmptyState>
    );
  } else {
    body = (
      <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
        <InvitationTable invitations={rows} />
      </Paper>
    );
  }

  return (
    <>
      <PageHeader
        title="Candidates"
        description="Everyone invited to an assessment, with their progress and results. Updates appear as they happen."
        actions={<ExportCsv query={query} />}
      />
      <SetupBanner />
      <Funnel />
      <ArchiveSuggestions />
      <InvitationFilters filters={filters} onChange={setFilters} />
      <Progress
        value={100}
        animated
        size={3}
        mb={4}
        style={{ visibility: invitations.isFetching && !invitations.isPending ? 'visible' : 'hidden' }}
        aria-hidden
      />
      {body}
      {total > 0 && (
        <Group justify="space-between" mt="sm" wrap="wrap">
          <Text size="sm" c="dimmed" data-testid="invitation-total">
            {formatCount(first)}–{formatCount(last)} of {formatCount(total)}
          </Text>
          {total > PAGE_SIZE && (
            <Pagination
              total={pages}
              value={Math.min(filters.page, pages)}
              onChange={(page) => setFilters({ ...filters, page })}
              size="sm"
              data-testid="invitation-pagination"
            />
          )}
        </Group>
      )}
    </>
  );
});
