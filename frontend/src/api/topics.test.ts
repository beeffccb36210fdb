import { describe, expect, it } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import { keys } from './queries';
import { invalidateTopics, keysFor, LOCAL_TOPICS, TOPIC_KEYS, TOPICS, topicsOfChange, type Topic } from './topics';

describe('topicsOfChange', () => {
  it.each([
    ['names the topics the server lists', '{"changed":["invitations","activity"]}', ['invitations', 'activity']],
    ['names each topic once', '{"changed":["status","status"]}', ['status']],
    ['leaves out topics this screen does not know', '{"changed":["reminders","settings"]}', ['settings']],
    ['from an older server, an empty object means our own data', '{}', LOCAL_TOPICS],
    ['an empty list means our own data', '{"changed":[]}', LOCAL_TOPICS],
    ['no data means our own data', '', LOCAL_TOPICS],
    ['unreadable data means our own data', 'not json', LOCAL_TOPICS],
    ['a list that is not one means our own data', '{"changed":"lever"}', LOCAL_TOPICS],
    ['JSON null means our own data', 'null', LOCAL_TOPICS],
  ])('%s', (_name, data, topics) => {
    expect(topicsOfChange(data)).toEqual(topics);
  });

  it('never reads Lever or Qualified again for an event that names nothing', () => {
    expect(topicsOfChange('{}')).not.toContain('lever');
    expect(topicsOfChange('{}')).not.toContain('assessments');
    expect(keysFor(topicsOfChange('{}'))).not.toContainEqual(keys.stages);
    expect(keysFor(topicsOfChange('{}'))).not.toContainEqual(keys.users);
    expect(keysFor(topicsOfChange('{}'))).not.toContainEqual(keys.assessments);
  });
});

describe('TOPIC_KEYS', () => {
  it.each([
    ['status', [keys.status]],
    ['invitations', [keys.invitationsAll, keys.funnel, keys.postings]],
    ['activity', [keys.activityAll]],
    ['settings', [keys.settings]],
    ['triggerStages', [keys.triggerStages]],
    ['lever', [keys.stages, keys.users, keys.postings]],
    ['assessments', [keys.assessments]],
  ] as const)('%s refreshes its answers', (topic, expected) => {
    expect(TOPIC_KEYS[topic]).toEqual(expected);
  });

  it('gives every topic at least one answer, and keysFor names each key once', () => {
    for (const topic of TOPICS) expect(TOPIC_KEYS[topic].length).toBeGreaterThan(0);
    expect(keysFor(['invitations', 'lever'])).toEqual([keys.invitationsAll, keys.funnel, keys.postings, keys.stages, keys.users]);
  });
});

describe('invalidateTopics', () => {
  // Every answer the screens read, as the cache holds them.
  const cached = [
    keys.status,
    keys.stages,
    keys.triggerStages,
    keys.assessments,
    keys.invitations({ sort: 'updated', limit: 50, offset: 0 }),
    keys.invitations({ status: ['failed'], sort: 'updated', limit: 50, offset: 0 }),
    keys.postings,
    keys.funnel,
    keys.activity(false),
    keys.activity(true),
    keys.settings,
    keys.users,
    ['workspace'],
  ];
  const outOfDate = async (topics: readonly Topic[]) => {
    const client = new QueryClient();
    for (const key of cached) client.setQueryData(key, 'answer');
    await invalidateTopics(client, topics);
    return cached.filter((key) => client.getQueryState(key)?.isInvalidated).map((key) => JSON.stringify(key));
  };

  it('marks only the answers of the topics named, every page and filter of a list', async () => {
    expect(await outOfDate(['invitations'])).toEqual([
      '["invitations",{"sort":"updated","limit":50,"offset":0}]',
      '["invitations",{"status":["failed"],"sort":"updated","limit":50,"offset":0}]',
      '["postings"]',
      '["funnel"]',
    ]);
    expect(await outOfDate(['activity'])).toEqual(['["activity",{"failuresOnly":false}]', '["activity",{"failuresOnly":true}]']);
    expect(await outOfDate(['lever'])).toEqual(['["stages"]', '["postings"]', '["users"]']);
    expect(await outOfDate(['assessments'])).toEqual(['["assessments"]']);
  });

  it('for an event that names nothing, marks everything of our own and no live read', async () => {
    const marked = await outOfDate(topicsOfChange('{}'));
    expect(marked).toContain('["status"]');
    expect(marked).toContain('["trigger-stages"]');
    expect(marked).toContain('["settings"]');
    expect(marked).toContain('["activity",{"failuresOnly":true}]');
    expect(marked).not.toContain('["stages"]');
    expect(marked).not.toContain('["users"]');
    expect(marked).not.toContain('["assessments"]');
    expect(marked).not.toContain('["workspace"]');
  });
});
