import { ActionIcon, Tooltip } from '@mantine/core';
import { IconLogout } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/endpoints';

/**
 * "Log out" of the admin login, shown only when assessbridge runs behind one (serve with an admin
 * token). A plain form POST: the server ends the session and answers with its login form.
 */
export function LogOutButton() {
  const session = useQuery({ queryKey: ['session'], queryFn: api.session, staleTime: Infinity });
  if (!session.data?.adminLogin) return null;
  return (
    <form method="post" action={session.data.logoutPath ?? '/logout'} style={{ display: 'contents' }}>
      <Tooltip label="Log out" withArrow>
        <ActionIcon type="submit" variant="default" size="lg" radius="md" aria-label="Log out" data-testid="log-out">
          <IconLogout size={18} />
        </ActionIcon>
      </Tooltip>
    </form>
  );
}
