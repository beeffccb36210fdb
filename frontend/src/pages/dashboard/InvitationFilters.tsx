import { memo, useEffect, useState } from 'react';
import { Button, Chip, Group, Select, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch, IconX } from '@tabler/icons-react';
import { useAssessments, usePostings } from '../../api/queries';
import { STATUSES, type InvitationSort, type InvitationStatus } from '../../api/types';
import { STATUS_LOOK } from '../../components/StatusChip';
import { DEFAULT_FILTERS, isFiltered, SORTS, type DashboardFilters } from './filters';

export const SEARCH_DEBOUNCE_MS = 300;

// A Select's list is drawn when it opens rather than kept hidden in the page: a hidden list is still
// positioned under its input as the page opens, which makes the browser lay the whole page out in
// the middle of the first render.
const LIST_ON_OPEN = { keepMounted: false };

/** The filters that choose one of a list read from the server; all of them when cleared. */
const LIST_FILTERS = {
  assessment: { label: 'Assessment', everything: 'All assessments' },
  posting: { label: 'Posting', everything: 'All postings' },
} as const;

function ListFilter({ field, items, value, onChange }: {
  field: keyof typeof LIST_FILTERS;
  items: { id: string; title: string }[] | undefined;
  value: string | null;
  onChange: (value: string | null) => void;
}) {
  const { label, everything } = LIST_FILTERS[field];
  return (
    <Select
      placeholder={everything}
      aria-label={label}
      data={(items ?? []).map((item) => ({ value: item.id, label: item.title }))}
      value={value}
      onChange={onChange}
      clearable
      searchable
      w={220}
      comboboxProps={LIST_ON_OPEN}
      nothingFoundMessage={`No ${label.toLowerCase()} by that name`}
      data-testid={`filter-${field}`}
    />
  );
}

interface Props {
  filters: DashboardFilters;
  onChange: (filters: DashboardFilters) => void;
}

/** Search as you type, without a request per keystroke. */
function SearchBox({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const [text, setText] = useState(value);
  const [debounced] = useDebouncedValue(text, SEARCH_DEBOUNCE_MS);
  useEffect(() => {
    if (debounced !== value) onSearch(debounced);
    // Only a settled change of the text searches; `value` following along must not loop back.
  }, [debounced]);
  useEffect(() => {
    // Cleared from outside (the "Clear filters" button).
    if (value === '' && text !== '') setText('');
  }, [value]);
  return (
    <TextInput
      placeholder="Search name or e-mail"
      leftSection={<IconSearch size={16} />}
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      w={240}
      aria-label="Search candidates"
      data-testid="filter-search"
    />
  );
}

/**
 * The filters above the candidates table: status, assessment, posting, search, sort. They render
 * again only when the filters or their choices change, not with every live update of the table.
 */
export const InvitationFilters = memo(function InvitationFilters({ filters, onChange }: Props) {
  const assessments = useAssessments();
  const postings = usePostings();
  const set = (patch: Partial<DashboardFilters>) => onChange({ ...filters, ...patch, page: patch.page ?? 1 });

  return (
    <Group gap="sm" align="flex-end" wrap="wrap" mb="sm">
      <SearchBox value={filters.search} onSearch={(search) => set({ search })} />
      {(['assessment', 'posting'] as const).map((field) => (
        <ListFilter
          key={field}
          field={field}
          items={field === 'assessment' ? assessments.data : postings.data}
          value={filters[field]}
          onChange={(value) => set({ [field]: value })}
        />
      ))}
      <Select
        aria-label="Sort by"
        data={SORTS}
        value={filters.sort}
        onChange={(sort) => set({ sort: (sort as InvitationSort) ?? DEFAULT_FILTERS.sort })}
        allowDeselect={false}
        w={200}
        comboboxProps={LIST_ON_OPEN}
        data-testid="filter-sort"
      />
      <Chip.Group
        multiple
        value={filters.statuses}
        onChange={(values) => set({ statuses: values as InvitationStatus[] })}
      >
        <Group gap={6} w="100%" data-testid="filter-status">
          {STATUSES.map((status) => (
            <Chip
              key={status}
              value={status}
              size="xs"
              color={STATUS_LOOK[status].color}
              variant="light"
              data-testid={`filter-status-${status}`}
            >
              {STATUS_LOOK[status].label}
            </Chip>
          ))}
          {isFiltered(filters) && (
            <Button
              variant="subtle"
              color="gray"
              size="compact-sm"
              leftSection={<IconX size={14} />}
              onClick={() => onChange({ ...DEFAULT_FILTERS, sort: filters.sort })}
              data-testid="filter-clear"
            >
              Clear filters
            </Button>
          )}
        </Group>
      </Chip.Group>
    </Group>
  );
});
