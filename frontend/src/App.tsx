import { lazy, Suspense, useEffect, type ComponentType } from 'react';
import { AppShell, Badge, Burger, Group, NavLink, ScrollArea, Text, ThemeIcon, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconActivity,
  IconArrowsExchange,
  IconChartBar,
  IconChecklist,
  IconClipboardList,
  IconFlag,
  IconSettings,
  IconUsers,
} from '@tabler/icons-react';
import { useLiveUpdates } from './api/events';
import { useStatus } from './api/queries';
import { ColorSchemeToggle } from './components/ColorSchemeToggle';
import { DemoBanner } from './components/DemoBanner';
import { LiveIndicator } from './components/LiveIndicator';
import { LogOutButton } from './components/LogOutButton';
import { hrefFor, routeFromHash, useHash, type Route } from './router';
import { DashboardPage } from './pages/dashboard/DashboardPage';
import { firstRoute } from './api/startup';
import { Loading } from './components/States';

// Every screen but the candidates' is loaded when first opened (Insights' charts among them), so
// that the start reads only what the candidates' screen needs.
const loaders = {
  insights: () => import('./pages/insights/InsightsPage'),
  setup: () => import('./pages/setup/SetupPage').then((m) => ({ default: m.SetupPage })),
  'trigger-stages': () =>
    import('./pages/trigger-stages/TriggerStagesPage').then((m) => ({ default: m.TriggerStagesPage })),
  assessments: () => import('./pages/assessments/AssessmentsPage').then((m) => ({ default: m.AssessmentsPage })),
  activity: () => import('./pages/activity/ActivityPage').then((m) => ({ default: m.ActivityPage })),
  settings: () => import('./pages/settings/SettingsPage').then((m) => ({ default: m.SettingsPage })),
} satisfies Record<Exclude<Route, 'dashboard'>, () => Promise<{ default: ComponentType }>>;

const NAV: { route: Route; label: string; icon: typeof IconUsers }[] = [
  { route: 'dashboard', label: 'Candidates', icon: IconUsers },
  { route: 'insights', label: 'Insights', icon: IconChartBar },
  { route: 'setup', label: 'Setup', icon: IconChecklist },
  { route: 'trigger-stages', label: 'Trigger stages', icon: IconFlag },
  { route: 'assessments', label: 'Assessments', icon: IconClipboardList },
  { route: 'activity', label: 'Activity', icon: IconActivity },
  { route: 'settings', label: 'Settings', icon: IconSettings },
];

const SCREENS: Record<Route, ComponentType> = {
  dashboard: DashboardPage,
  insights: lazy(loaders.insights),
  setup: lazy(loaders.setup),
  'trigger-stages': lazy(loaders['trigger-stages']),
  assessments: lazy(loaders.assessments),
  activity: lazy(loaders.activity),
  settings: lazy(loaders.settings),
};

function Screen({ route }: { route: Route }) {
  const Page = SCREENS[route];
  return (
    <Suspense fallback={<Loading />}>
      <Page />
    </Suspense>
  );
}

export function App() {
  const hash = useHash();
  // No route yet (a first load): no screen until the first one is chosen
  // below, since the candidates' screen writes its filters into the address.
  const chosen = routeFromHash(hash);
  const route = chosen ?? 'dashboard';
  const [opened, { toggle, close }] = useDisclosure(false);
  const live = useLiveUpdates();
  const status = useStatus();
  const setupLeft = status.data?.setup.filter((s) => !s.done).length ?? 0;

  // The first screen: Setup while nothing at all is set up (a first start),
  // the candidates otherwise.
  useEffect(() => {
    if (routeFromHash(hash) || status.isPending) return;
    window.location.replace(hrefFor(firstRoute(status.data)));
  }, [hash, status.isPending, status.data]);

  useEffect(() => {
    performance.mark('assessbridge:app-committed');
  }, []);

  useEffect(() => {
    const label = NAV.find((n) => n.route === route)?.label;
    document.title = label ? `${label} · assessbridge` : 'assessbridge';
    close();
  }, [route, close]);

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Menu" />
            <ThemeIcon size={30} radius="md" variant="gradient" gradient={{ from: 'indigo', to: 'cyan', deg: 135 }}>
              <IconArrowsExchange size={18} />
            </ThemeIcon>
            <Text fw={700} size="lg">
              assessbridge
            </Text>
            {status.data?.demo && (
              <Tooltip label="Simulated Lever and Qualified accounts; nothing is sent to real candidates" withArrow>
                <Badge color="orange" variant="filled" radius="sm" data-testid="demo-badge">
                  Demo
                </Badge>
              </Tooltip>
            )}
          </Group>
          <Group gap="sm" wrap="nowrap">
            <LiveIndicator connected={live} />
            <ColorSchemeToggle />
            <LogOutButton />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm">
        <AppShell.Section grow component={ScrollArea}>
          {NAV.map((item) => (
            <NavLink
              key={item.route}
              href={hrefFor(item.route)}
              label={item.label}
              active={route === item.route}
              leftSection={<item.icon size={18} stroke={1.6} />}
              rightSection={
                item.route === 'setup' && setupLeft > 0 ? (
                  <Badge size="sm" color="orange" variant="light" circle>
                    {setupLeft}
                  </Badge>
                ) : undefined
              }
              data-testid={`nav-${item.route}`}
              style={{ borderRadius: 'var(--mantine-radius-md)' }}
              mb={2}
            />
          ))}
        </AppShell.Section>
        <AppShell.Section>
          <Text size="xs" c="dimmed" px="sm">
            Lever → Qualified
          </Text>
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main>
        <div style={{ maxWidth: 1400, margin: '0 auto' }}>
          <DemoBanner />
          {chosen ? <Screen route={chosen} /> : <Loading />}
        </div>
      </AppShell.Main>
    </AppShell>
  );
}
