import { useMutation } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { useInvalidateTopics, type Topic } from '../../api/topics';

/**
 * A setup step's action: on success the answers it changes are refetched (the status, and for a
 * newly connected account what is read from it) and the recruiter told; on failure the API's
 * sentence stays in `error` for the step to show.
 */
export function useSetupAction<TArgs, TResult>(
  action: (args: TArgs) => Promise<TResult>,
  successMessage?: (result: TResult) => string | null,
  changes: readonly Topic[] = ['status'],
) {
  const invalidate = useInvalidateTopics();
  return useMutation({
    mutationFn: action,
    onSuccess: (result) => {
      void invalidate(...changes);
      const message = successMessage?.(result);
      if (message) notifications.show({ color: 'teal', message });
    },
  });
}
