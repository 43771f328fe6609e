/**
 * NodeInfo 2.0 and 2.1 (federation.md §1.3), with the `metadata` keys Misskey clients read. Usage
 * counts walk every user record, so one count serves every request for ten minutes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../config/index.js';
import type { InstanceSettings, Store } from '../store/index.js';
import type { FederationUrls } from './urls.js';

const COUNT_TTL_MS = 10 * 60_000;
const DAY_MS = 86_400_000;

export const NODEINFO_PROFILE = (version: '2.0' | '2.1') =>
  `application/json; profile="http://nodeinfo.diaspora.software/ns/schema/${version}#"`;

const softwareVersion = (): string => {
  const pkg = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
};

interface Usage {
  users: { total: number; activeHalfyear: number; activeMonth: number };
  localPosts: number;
  localComments: number;
}

function countUsage(store: Store, now: number): Usage {
  const today = Math.floor(now / DAY_MS);
  let total = 0;
  let activeMonth = 0;
  let activeHalfyear = 0;
  let localPosts = 0;
  for (const user of store.users.all()) {
    if (user.host !== null) continue;
    total++;
    const counts = store.counts.of(user.id);
    localPosts += counts.notesCount;
    const lastPosted = counts.postedAt === null ? 0 : Math.floor(counts.postedAt / DAY_MS);
    const lastActive = Math.max(counts.lastActiveDay, lastPosted);
    if (lastActive > 0 && today - lastActive <= 30) activeMonth++;
    if (lastActive > 0 && today - lastActive <= 180) activeHalfyear++;
  }
  return { users: { total, activeHalfyear, activeMonth }, localPosts, localComments: 0 };
}

export class NodeInfo {
  private usage: { at: number; value: Usage } | undefined;
  private readonly version = softwareVersion();

  constructor(
    /** The instance settings as they are now (an administrator may change them). */
    private readonly settings: () => Readonly<InstanceSettings>,
    private readonly store: Store,
    private readonly urls: FederationUrls,
  ) {}

  /** The discovery document at /.well-known/nodeinfo. */
  links() {
    const rel = (v: string) => `http://nodeinfo.diaspora.software/ns/schema/${v}`;
    return {
      links: [
        { rel: rel('2.1'), href: `${this.urls.origin}/nodeinfo/2.1` },
        { rel: rel('2.0'), href: `${this.urls.origin}/nodeinfo/2.0` },
        // FEP-2677: where the instance actor is
        { rel: 'https://www.w3.org/ns/activitystreams#Application', href: this.urls.instanceActor() },
      ],
    };
  }

  document(version: '2.0' | '2.1') {
    const now = Date.now();
    if (this.usage === undefined || now - this.usage.at > COUNT_TTL_MS)
      this.usage = { at: now, value: countUsage(this.store, now) };
    const c = this.settings();
    const admin = { name: c.maintainerName || null, email: c.maintainerEmail || null };
    return {
      version,
      software: {
        name: 'flock',
        version: this.version,
        ...(version === '2.1' ? { repository: null, homepage: null } : {}),
      },
      protocols: ['activitypub'],
      services: { inbound: [], outbound: [] },
      openRegistrations: !c.disableRegistration,
      usage: this.usage.value,
      metadata: {
        nodeName: c.name || null,
        nodeDescription: c.description || null,
        nodeAdmins: admin.name === null && admin.email === null ? [] : [admin],
        maintainer: admin,
        langs: c.langs,
        tosUrl: c.tosUrl,
        privacyPolicyUrl: c.privacyPolicyUrl,
        inquiryUrl: c.inquiryUrl,
        impressumUrl: c.impressumUrl,
        repositoryUrl: c.repositoryUrl,
        feedbackUrl: c.feedbackUrl,
        disableRegistration: c.disableRegistration,
        disableLocalTimeline: false,
        disableGlobalTimeline: false,
        emailRequiredForSignup: false,
        enableHcaptcha: false,
        enableRecaptcha: false,
        enableMcaptcha: false,
        enableTurnstile: false,
        maxNoteTextLength: 3000,
        enableEmail: false,
        enableServiceWorker: false,
        proxyAccountName: null,
        themeColor: c.themeColor,
      },
    };
  }
}
