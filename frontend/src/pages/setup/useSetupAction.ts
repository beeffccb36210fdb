import { useMutation, useQueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';

/**
 * A setup step's action: on success the status (and everything that depends on it) is refetched
 * and the recruiter told; on failure the API's sentence stays in `error` for the step to show.
 */
export function useSetupAction<TArgs, TResult>(
  action: (args: TArgs) => Promise<TResult>,
  successMessage?: (result: TResult) => string | null,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: action,
    onSuccess: (result) => {
      void queryClient.invalidateQueries();
      const message = successMessage?.(result);
      if (message) notifications.show({ color: 'teal', message });
    },
  });
}
