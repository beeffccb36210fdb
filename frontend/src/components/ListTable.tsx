import type { ReactNode } from 'react';
import { Paper, Table, VisuallyHidden, type MantineSpacing } from '@mantine/core';

/**
 * A column's heading, and its width when it is not to share the rest. A column of buttons that
 * speak for themselves (Retry) keeps its heading for screen readers only: `hidden`.
 */
export interface ListColumn {
  label: string;
  hidden?: boolean;
  width?: number;
}

/** A bordered list of rows under their headings, scrolling sideways in a narrow window. */
export function ListTable({ columns, minWidth, spacing = 'xs', children }: {
  columns: ListColumn[];
  minWidth: number;
  spacing?: MantineSpacing;
  children: ReactNode;
}) {
  return (
    <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
      <Table.ScrollContainer minWidth={minWidth}>
        <Table verticalSpacing={spacing} highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              {columns.map((column, i) => (
                <Table.Th key={i} w={column.width}>
                  {column.hidden ? <VisuallyHidden>{column.label}</VisuallyHidden> : column.label}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>{children}</Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
