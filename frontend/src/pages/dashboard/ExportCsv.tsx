import { Button } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { buildQuery } from '../../api/client';
import type { InvitationQuery } from '../../api/types';

/** The CSV of every candidate the filters choose (not only the page shown), in the table's order. */
export function invitationsCsvPath(query: InvitationQuery): string {
  return `/api/invitations.csv${buildQuery({
    status: query.status,
    assessment: query.assessment,
    posting: query.posting,
    q: query.q?.trim(),
    sort: query.sort,
  })}`;
}

/** "Download CSV": the candidates as filtered, saved by the browser straight from the server. */
export function ExportCsv({ query }: { query: InvitationQuery }) {
  return (
    <Button
      component="a"
      href={invitationsCsvPath(query)}
      download
      variant="default"
      size="sm"
      leftSection={<IconDownload size={16} />}
      data-testid="candidates-csv"
    >
      Download CSV
    </Button>
  );
}
