/** Built-in word lists for the sample organisation (a few non-ASCII names on purpose). */

export const FIRST_NAMES = [
  'Ada', 'Alan', 'Amara', 'Ananya', 'Aoife', 'Ben', 'Björn', 'Carla', 'Chen', 'Chloé', 'Daniel', 'Dara',
  'Elena', 'Emeka', 'Fatima', 'Felix', 'François', 'Grace', 'Hana', 'Hiroshi', 'Ines', 'Ivan', 'Jamal', 'José',
  'Julia', 'Kai', 'Kofi', 'Lars', 'Leila', 'Lucía', 'Łukasz', 'Maya', 'Mei', 'Miguel', 'Nadia', 'Ngozi',
  'Noah', 'Olga', 'Omar', 'Priya', 'Rafael', 'Rin', 'Sam', 'Sara', 'Siobhán', 'Søren', 'Tariq', 'Thandiwe',
  'Tomás', 'Uma', 'Valentina', 'Wei', 'Xavier', 'Yara', 'Yusuf', 'Zoë', 'Zainab', 'Ömer', 'Ravi', 'Hannah',
] as const;

export const LAST_NAMES = [
  'Abara', 'Andersen', 'Bauer', 'Becker', 'Brown', 'Castro', 'Chowdhury', 'Costa', 'Dubois', 'Eriksson',
  'Fernández', 'Fischer', 'García', 'Gonzalez', 'Haddad', 'Hansen', 'Ito', 'Jansen', 'Kaur', 'Kim',
  'Kowalski', 'Lee', 'Lindqvist', 'López', 'Mensah', 'Moreau', 'Müller', 'Murphy', 'Nakamura', 'Nguyễn',
  'Novak', 'Okafor', 'Olsen', 'Öztürk', 'Patel', 'Pereira', 'Petrov', 'Quinn', 'Rossi', 'Sato', 'Schmidt',
  'Silva', 'Singh', 'Smith', 'Suzuki', 'Tanaka', 'Taylor', 'Thompson', 'Van Dijk', 'Wang', 'Weber',
  'Williams', 'Wójcik', 'Yamamoto', 'Yilmaz', 'Zhang', 'O\'Brien', 'Dvořák', 'Jørgensen', 'Mbeki',
] as const;

/** Departments: one per direct report of the chief executive, in this order. */
export const DEPARTMENTS = [
  'Engineering', 'Sales', 'Marketing', 'Operations', 'Customer Success', 'Product', 'Finance', 'People', 'Legal',
] as const;

export const LOCATIONS = [
  'London', 'Berlin', 'New York', 'São Paulo', 'Zürich', 'Kraków', 'Bengaluru', 'Lagos', 'Tokyo', 'Remote',
] as const;

export const TEAM_WORDS = [
  'Atlas', 'Beacon', 'Cedar', 'Delta', 'Ember', 'Falcon', 'Granite', 'Harbor', 'Iris', 'Juniper', 'Kestrel',
  'Lumen', 'Meridian', 'Nimbus', 'Orbit', 'Pioneer', 'Quartz', 'Raven', 'Summit', 'Tidal', 'Umbra', 'Vertex',
  'Willow', 'Zenith',
] as const;

export const TEAM_OBJECTIVE_TITLES = [
  'Ship the {d} roadmap commitments on time',
  'Make {d} the easiest team to work with',
  'Improve quality across {d} deliverables',
  'Grow {d} impact on revenue',
  'Reduce toil in {d} workflows',
  'Raise customer satisfaction with {d}',
  'Build a stronger {d} bench',
  'Modernise {d} tooling',
] as const;

export const INDIVIDUAL_OBJECTIVE_TITLES = [
  'Deliver my part of the team plan',
  'Grow my craft',
  'Raise the quality of my work',
  'Help my customers succeed',
  'Automate a recurring task',
  'Mentor and be mentored',
] as const;

/** Key-result templates by unit: title, typical start and target, decreasing or not. */
export interface KeyResultTemplate {
  title: string;
  unit: string;
  start: [number, number];
  target: [number, number];
  /** Rounding step for values. */
  step: number;
}

export const KEY_RESULT_TEMPLATES: readonly KeyResultTemplate[] = [
  { title: 'Raise weekly active accounts', unit: 'count', start: [800, 2000], target: [2400, 4000], step: 1 },
  { title: 'Close new deals', unit: 'count', start: [0, 0], target: [10, 60], step: 1 },
  { title: 'Lift conversion rate', unit: '%', start: [1.5, 3], target: [3.5, 6], step: 0.1 },
  { title: 'Raise NPS', unit: 'score', start: [10, 35], target: [40, 60], step: 1 },
  { title: 'Grow recurring revenue', unit: 'USD', start: [100_000, 400_000], target: [450_000, 900_000], step: 1000 },
  { title: 'Ship planned features', unit: 'count', start: [0, 0], target: [4, 12], step: 1 },
  { title: 'Raise automated test coverage', unit: '%', start: [40, 60], target: [70, 90], step: 0.5 },
  { title: 'Cut p95 response time', unit: 'ms', start: [800, 1500], target: [250, 500], step: 10 },
  { title: 'Reduce open support tickets', unit: 'count', start: [300, 600], target: [50, 150], step: 1 },
  { title: 'Shorten time to hire', unit: 'days', start: [45, 70], target: [20, 35], step: 1 },
  { title: 'Cut monthly churn', unit: '%', start: [3, 5], target: [1, 2.5], step: 0.1 },
  { title: 'Complete training modules', unit: 'count', start: [0, 0], target: [3, 8], step: 1 },
];

export const CHECK_IN_NOTES = {
  good: ['On track.', 'Good week, ahead of plan.', 'Shipped the first increment.', 'Numbers moving as expected.', 'No blockers.'],
  worried: [
    'Slower than planned; dependency on another team.',
    'Blocked on vendor, "waiting" on contract, again.',
    'Scope grew; re-planning with the team.',
    'Two people out sick this week.',
    'Data pipeline broke, numbers are stale.',
  ],
  recovering: ['Unblocked at last, catching up.', 'New approach is working.', 'Back on plan after the re-plan.'],
} as const;

/** Notes of check-ins that raise (status `blocked`) and clear a blocker. */
export const BLOCKER_NOTES = {
  raised: [
    'Blocked: waiting for the security review before we can ship.',
    'Blocked: the data team owns the schema change we need.',
    'Blocked: vendor API is down in staging.',
  ],
  cleared: ['Blocker cleared: review passed, shipping again.', 'Blocker cleared: schema change landed.', 'Blocker cleared: vendor fixed staging.'],
} as const;

/** Recognition of a delivered milestone ({n}: its number). */
export const DELIVERY_THANKS = [
  'Thank you for delivering milestone {n}!',
  'Milestone {n} shipped: great work.',
  'Well done on milestone {n}, the team felt it.',
] as const;

export const FEEDBACK_TEXTS = [
  'Reliable and clear in every handover.',
  'Could share progress earlier with the wider team.',
  'Great at unblocking others.',
  'Strong craft; sometimes takes on too much alone.',
  'Brings calm to difficult meetings.',
  'Would like more direct feedback in one-to-ones.',
  'Consistently raises the quality bar.',
  'Communicates trade-offs well, e.g. "ship now, fix later" vs. "wait".',
] as const;

export const RECOGNITION_MESSAGES = [
  'Thanks for jumping in on the launch!',
  'Huge help with the customer escalation.',
  'Brilliant write-up, saved us a week.',
  'Thank you for mentoring the new joiners.',
  'Kudos for fixing the flaky build <for good>.',
] as const;

export const COMPETENCIES = ['delivery', 'collaboration', 'craft'] as const;

/** ASCII form of a name for e-mail addresses. */
export function asciiFold(text: string): string {
  return text
    .replace(/Ł/g, 'L').replace(/ł/g, 'l').replace(/ø/g, 'o').replace(/Ø/g, 'O')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}
