import { useState } from 'react';
import { Button, Drawer, Stack } from '@mantine/core';
import { IconAdjustments } from '@tabler/icons-react';
import type { Assessment } from '../../api/types';
import { DeadlineRules } from './DeadlineRules';
import { ReportSettings } from './ReportSettings';
import { RoutingRules } from './RoutingRules';

/** An assessment's rules, every one off until the recruiter turns it on: opened from its row. */
export function AssessmentRules({ assessment }: { assessment: Assessment }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        variant="default"
        size="xs"
        leftSection={<IconAdjustments size={14} />}
        onClick={() => setOpen(true)}
        aria-label={`Rules for ${assessment.title}`}
      >
        Rules
      </Button>
      <Drawer opened={open} onClose={() => setOpen(false)} position="right" size="lg" title={`Rules for ${assessment.title}`}>
        <Stack gap="xl">
          <RoutingRules assessment={assessment} />
          <DeadlineRules assessment={assessment} />
          <ReportSettings assessment={assessment} />
        </Stack>
      </Drawer>
    </>
  );
}
