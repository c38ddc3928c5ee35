import type { Account, Contact, ProductId, Region, Tier } from './schema';
import { DAY, isoDate } from './prng';

interface AccountSeed {
  n: number;
  name: string;
  slug: string;
  tier: Tier;
  arr: number;
  seats: number;
  region: Region;
  language: Account['language'];
  owner: string;
  renewalInDays: number;
  openOpportunity: string | null;
  products: ProductId[];
  /** [name, role]; index 0 is finance, 1 is the admin, 2 (if any) is engineering. */
  contacts: [string, string][];
}

const CSM = {
  alicia: 'Alicia Moreno',
  ben: 'Ben Okafor',
  charlotte: 'Charlotte Weiss',
  devon: 'Devon Park',
  pooled: 'Scale CSM team (pooled)',
} as const;

const SEEDS: AccountSeed[] = [
  {
    n: 1001,
    name: 'Orbital Freight Co.',
    slug: 'orbital-freight',
    tier: 'enterprise',
    arr: 412_000,
    seats: 1400,
    region: 'NA',
    language: 'en',
    owner: CSM.alicia,
    renewalInDays: 41,
    openOpportunity: 'Expansion: Ferrowick Identity for 600 driver accounts ($54k)',
    products: ['billing', 'payments', 'sync', 'mobile', 'identity'],
    contacts: [
      ['Marisol Grant', 'VP Finance'],
      ['Derek Olsen', 'IT Director'],
      ['Hana Takeda', 'Lead Platform Engineer'],
    ],
  },
  {
    n: 1002,
    name: 'Brenner Maschinenbau GmbH',
    slug: 'brenner-maschinenbau',
    tier: 'enterprise',
    arr: 268_000,
    seats: 900,
    region: 'EU',
    language: 'de',
    owner: CSM.charlotte,
    renewalInDays: 133,
    openOpportunity: null,
    products: ['billing', 'payments', 'sync', 'identity'],
    contacts: [
      ['Jörg Albrecht', 'Leiter Finanzbuchhaltung'],
      ['Sabine Krüger', 'IT-Administratorin'],
      ['Lukas Hoffmann', 'Softwareentwickler'],
    ],
  },
  {
    n: 1003,
    name: 'Halcyon Health Partners',
    slug: 'halcyon-health',
    tier: 'enterprise',
    arr: 355_000,
    seats: 2100,
    region: 'NA',
    language: 'en',
    owner: CSM.alicia,
    renewalInDays: 208,
    openOpportunity: 'Renewal: 3-year term with SSO enforcement add-on',
    products: ['billing', 'payments', 'identity', 'mobile'],
    contacts: [
      ['Ngozi Eze', 'Controller'],
      ['Patrick Doyle', 'Identity & Access Manager'],
      ['Anika Rao', 'Integration Engineer'],
    ],
  },
  {
    n: 1004,
    name: 'Tidewater Marketplaces',
    slug: 'tidewater-market',
    tier: 'enterprise',
    arr: 298_000,
    seats: 760,
    region: 'NA',
    language: 'en',
    owner: CSM.ben,
    renewalInDays: 77,
    openOpportunity: 'Upsell: dedicated webhook throughput tier',
    products: ['billing', 'payments', 'sync', 'identity'],
    contacts: [
      ['Gareth Lyle', 'Finance Operations Lead'],
      ['Renee Castillo', 'Systems Administrator'],
      ['Owen Mbeki', 'Staff Engineer, Payments'],
    ],
  },
  {
    n: 1005,
    name: 'Northgate Learning Trust',
    slug: 'northgate-learning',
    tier: 'enterprise',
    arr: 184_000,
    seats: 1250,
    region: 'UK',
    language: 'en',
    owner: CSM.charlotte,
    renewalInDays: 302,
    openOpportunity: null,
    products: ['billing', 'identity', 'mobile'],
    contacts: [
      ['Fiona McAllister', 'Head of Finance'],
      ['Callum Reid', 'Network & Identity Lead'],
      ['Priya Desai', 'Developer'],
    ],
  },
  {
    n: 1006,
    name: 'Kaimana Resorts Group',
    slug: 'kaimana-resorts',
    tier: 'enterprise',
    arr: 226_000,
    seats: 830,
    region: 'APAC',
    language: 'en',
    owner: CSM.ben,
    renewalInDays: 19,
    openOpportunity: 'Renewal at risk: price review requested',
    products: ['billing', 'payments', 'mobile', 'identity'],
    contacts: [
      ['Leilani Kahale', 'Group Financial Controller'],
      ['Tom Ashby', 'IT Operations Manager'],
      ['Wei Zhang', 'Integration Developer'],
    ],
  },
  {
    n: 1007,
    name: 'Grupo Alameda Retail',
    slug: 'alameda-retail',
    tier: 'business',
    arr: 72_000,
    seats: 310,
    region: 'LATAM',
    language: 'es',
    owner: CSM.devon,
    renewalInDays: 96,
    openOpportunity: 'Expansion: Checkout for 40 new stores',
    products: ['billing', 'payments', 'mobile'],
    contacts: [
      ['Valentina Ruiz', 'Gerente de Finanzas'],
      ['Diego Herrera', 'Administrador de Sistemas'],
      ['Camila Soto', 'Desarrolladora'],
    ],
  },
  {
    n: 1008,
    name: 'Mosswood Analytics',
    slug: 'mosswood-analytics',
    tier: 'business',
    arr: 54_000,
    seats: 140,
    region: 'NA',
    language: 'en',
    owner: CSM.devon,
    renewalInDays: 160,
    openOpportunity: null,
    products: ['billing', 'sync'],
    contacts: [
      ['Rachel Nguyen', 'Finance Manager'],
      ['Sam Whitaker', 'Ops Admin'],
      ['Ibrahim Haddad', 'Data Engineer'],
    ],
  },
  {
    n: 1009,
    name: 'Pinecrest Property Management',
    slug: 'pinecrest-pm',
    tier: 'business',
    arr: 38_000,
    seats: 95,
    region: 'NA',
    language: 'en',
    owner: CSM.devon,
    renewalInDays: 55,
    openOpportunity: null,
    products: ['billing', 'payments'],
    contacts: [
      ['Linda Marsh', 'Accounts Payable Manager'],
      ['Kevin Brooks', 'Office Administrator'],
    ],
  },
  {
    n: 1010,
    name: 'Quayside Coffee Roasters',
    slug: 'quayside-coffee',
    tier: 'business',
    arr: 26_000,
    seats: 60,
    region: 'UK',
    language: 'en',
    owner: CSM.charlotte,
    renewalInDays: 240,
    openOpportunity: null,
    products: ['billing', 'payments', 'mobile'],
    contacts: [
      ['Eleanor Price', 'Finance Director'],
      ['Josh Turner', 'Operations Manager'],
    ],
  },
  {
    n: 1011,
    name: 'Lumen & Vale Architects',
    slug: 'lumenvale',
    tier: 'business',
    arr: 31_000,
    seats: 85,
    region: 'EU',
    language: 'en',
    owner: CSM.charlotte,
    renewalInDays: 188,
    openOpportunity: null,
    products: ['billing', 'identity'],
    contacts: [
      ['Annelies de Vries', 'Office Manager'],
      ['Matteo Ricci', 'IT Coordinator'],
    ],
  },
  {
    n: 1012,
    name: 'Sablefish Outdoor Gear',
    slug: 'sablefish-outdoor',
    tier: 'business',
    arr: 64_000,
    seats: 120,
    region: 'NA',
    language: 'en',
    owner: CSM.ben,
    renewalInDays: 120,
    openOpportunity: null,
    products: ['billing', 'payments', 'sync'],
    contacts: [
      ['Carla Jennings', 'CFO'],
      ['Mark Delaney', 'E-commerce Manager'],
      ['Tyler Voss', 'Web Developer'],
    ],
  },
  {
    n: 1013,
    name: 'Corvid Security Labs',
    slug: 'corvid-labs',
    tier: 'business',
    arr: 47_000,
    seats: 110,
    region: 'NA',
    language: 'en',
    owner: CSM.ben,
    renewalInDays: 290,
    openOpportunity: 'Expansion: SCIM provisioning',
    products: ['billing', 'sync', 'identity'],
    contacts: [
      ['Naomi Feld', 'Finance Lead'],
      ['Arjun Mehta', 'Security Engineer'],
      ['Chris Lamb', 'Backend Engineer'],
    ],
  },
  {
    n: 1014,
    name: 'Ostrava Logistika s.r.o.',
    slug: 'ostrava-logistika',
    tier: 'business',
    arr: 29_000,
    seats: 70,
    region: 'EU',
    language: 'en',
    owner: CSM.charlotte,
    renewalInDays: 66,
    openOpportunity: null,
    products: ['billing', 'sync', 'mobile'],
    contacts: [
      ['Petra Novak', 'Accountant'],
      ['Tomas Dvorak', 'IT Manager'],
      ['Jan Horak', 'Developer'],
    ],
  },
  {
    n: 1015,
    name: 'Meridian Veterinary Clinics',
    slug: 'meridian-vet',
    tier: 'business',
    arr: 58_000,
    seats: 230,
    region: 'NA',
    language: 'en',
    owner: CSM.devon,
    renewalInDays: 35,
    openOpportunity: 'Renewal: adding 12 clinics',
    products: ['billing', 'payments', 'sync', 'mobile'],
    contacts: [
      ['Dr. Helen Carter', 'Practice Operations Director'],
      ['Luis Romero', 'IT Administrator'],
      ['Beth Kowalski', 'Integrations Specialist'],
    ],
  },
  {
    n: 1024,
    name: 'Sundial Dental Group',
    slug: 'sundial-dental',
    tier: 'business',
    arr: 44_000,
    seats: 180,
    region: 'NA',
    language: 'en',
    owner: CSM.devon,
    renewalInDays: 210,
    openOpportunity: null,
    products: ['billing', 'payments', 'identity'],
    contacts: [
      ['Gloria Pham', 'Billing Manager'],
      ['Nate Sorensen', 'IT Lead'],
    ],
  },
  {
    n: 1016,
    name: 'Juniper Street Bakery',
    slug: 'juniper-bakery',
    tier: 'standard',
    arr: 4_800,
    seats: 8,
    region: 'NA',
    language: 'en',
    owner: CSM.pooled,
    renewalInDays: 143,
    openOpportunity: null,
    products: ['billing', 'payments'],
    contacts: [
      ['Rosa Bellini', 'Owner'],
      ['Andy Cho', 'Shift Manager'],
    ],
  },
  {
    n: 1017,
    name: 'Finch & Pike Solicitors',
    slug: 'finchpike',
    tier: 'standard',
    arr: 9_600,
    seats: 22,
    region: 'UK',
    language: 'en',
    owner: CSM.pooled,
    renewalInDays: 27,
    openOpportunity: null,
    products: ['billing', 'identity'],
    contacts: [
      ['Harriet Finch', 'Practice Manager'],
      ['Oliver Pike', 'Partner'],
    ],
  },
  {
    n: 1018,
    name: 'Redwillow Yoga Studios',
    slug: 'redwillow-yoga',
    tier: 'standard',
    arr: 3_600,
    seats: 6,
    region: 'NA',
    language: 'en',
    owner: CSM.pooled,
    renewalInDays: 311,
    openOpportunity: null,
    products: ['billing', 'payments', 'mobile'],
    contacts: [
      ['Jade Morrison', 'Studio Owner'],
      ['Felix Grant', 'Front Desk Lead'],
    ],
  },
  {
    n: 1019,
    name: 'Petrichor Candle Co.',
    slug: 'petrichor-candles',
    tier: 'standard',
    arr: 5_400,
    seats: 5,
    region: 'NA',
    language: 'en',
    owner: CSM.pooled,
    renewalInDays: 12,
    openOpportunity: null,
    products: ['billing', 'payments'],
    contacts: [
      ['Maya Lindgren', 'Founder'],
      ['Theo Banks', 'Operations'],
    ],
  },
  {
    n: 1020,
    name: 'Estudio Nube',
    slug: 'estudio-nube',
    tier: 'standard',
    arr: 6_000,
    seats: 12,
    region: 'LATAM',
    language: 'es',
    owner: CSM.pooled,
    renewalInDays: 84,
    openOpportunity: null,
    products: ['billing', 'identity', 'mobile'],
    contacts: [
      ['Lucía Fernández', 'Directora'],
      ['Pablo Navarro', 'Diseñador y admin'],
    ],
  },
  {
    n: 1021,
    name: 'Blue Heron Tutoring',
    slug: 'blueheron-tutoring',
    tier: 'standard',
    arr: 4_200,
    seats: 15,
    region: 'NA',
    language: 'en',
    owner: CSM.pooled,
    renewalInDays: 198,
    openOpportunity: null,
    products: ['billing', 'mobile'],
    contacts: [
      ['Grace Holloway', 'Director'],
      ['Ian Mercer', 'Admin'],
    ],
  },
  {
    n: 1022,
    name: 'Kettle & Crane Brewing',
    slug: 'kettlecrane',
    tier: 'standard',
    arr: 7_800,
    seats: 18,
    region: 'NA',
    language: 'en',
    owner: CSM.pooled,
    renewalInDays: 257,
    openOpportunity: 'Upgrade to Business (multi-location)',
    products: ['billing', 'payments', 'mobile'],
    contacts: [
      ['Dominic Reyes', 'Co-founder'],
      ['Tess Albright', 'Taproom Manager'],
    ],
  },
  {
    n: 1023,
    name: 'Vireo Field Services',
    slug: 'vireo-field',
    tier: 'standard',
    arr: 12_000,
    seats: 40,
    region: 'APAC',
    language: 'en',
    owner: CSM.pooled,
    renewalInDays: 102,
    openOpportunity: null,
    products: ['billing', 'mobile', 'sync'],
    contacts: [
      ['Aroha Parata', 'Operations Manager'],
      ['Ben Whitlock', 'Field Tech Lead'],
      ['Sunil Pillai', 'Contract Developer'],
    ],
  },
  {
    n: 1025,
    name: 'Hollis Freight Brokers',
    slug: 'hollis-freight',
    tier: 'standard',
    arr: 11_400,
    seats: 30,
    region: 'NA',
    language: 'en',
    owner: CSM.pooled,
    renewalInDays: 175,
    openOpportunity: null,
    products: ['billing', 'payments', 'sync'],
    contacts: [
      ['Wendy Hollis', 'Owner'],
      ['Raj Patel', 'Dispatcher & admin'],
    ],
  },
];

function emailLocal(name: string): string {
  const base = name
    .replace(/^Dr\.\s+/, '')
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  return base
    .split(/\s+/)
    .map((part) => part.replace(/[^a-z]/g, ''))
    .filter(Boolean)
    .join('.');
}

export function buildAccounts(now: Date): Account[] {
  return SEEDS.map((s): Account => {
    const domain = `${s.slug}.test`;
    const contacts: Contact[] = s.contacts.map(([name, role], i) => ({
      id: `ct-${s.n}-${i + 1}`,
      name,
      email: `${emailLocal(name)}@${domain}`,
      role,
    }));
    return {
      id: `acct-${s.n}`,
      name: s.name,
      domain,
      tier: s.tier,
      arr: s.arr,
      owner: s.owner,
      renewalDate: isoDate(new Date(now.getTime() + s.renewalInDays * DAY)),
      openOpportunity: s.openOpportunity,
      seats: s.seats,
      region: s.region,
      language: s.language,
      products: s.products,
      contacts,
    };
  }).sort((a, b) => a.id.localeCompare(b.id));
}

export type ContactRole = 'finance' | 'admin' | 'engineer';

/** The contact who would write about this kind of problem (falls back to the admin). */
export function contactFor(account: Account, role: ContactRole): Contact {
  const index = role === 'finance' ? 0 : role === 'admin' ? 1 : 2;
  const c = account.contacts[index] ?? account.contacts[1] ?? account.contacts[0];
  if (!c) throw new Error(`account ${account.id} has no contacts`);
  return c;
}

export function accountById(accounts: readonly Account[], id: string): Account {
  const a = accounts.find((x) => x.id === id);
  if (!a) throw new Error(`unknown account ${id}`);
  return a;
}

export function firstName(name: string): string {
  const parts = name.replace(/^Dr\.\s+/, '').split(/\s+/);
  return parts[0] ?? name;
}
