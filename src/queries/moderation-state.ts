/**
 * What moderation changes for every read on the gateway thread: which accounts are suspended or
 * deleted (every note list and list of people leaves them out, and their tokens are refused), and the
 * instance settings with their compiled rules. Both are read once and kept current by the domain
 * events (read-caches.ts).
 */
import { InstanceRules } from '../domain/index.js';
import type { InstanceSettings, Store } from '../store/index.js';

export class AccountStanding {
  private readonly suspendedIds = new Set<string>();
  private readonly deletedIds = new Set<string>();
  /** Suspended or deleted: the set every note list checks (one size test when it is empty, the common case). */
  private readonly hiddenIds = new Set<string>();

  constructor(private readonly store: Store) {
    for (const { userId } of store.accountStates.all()) this.refresh(userId);
  }

  /** Accounts hidden from everyone else: suspended or deleted. */
  get hidden(): ReadonlySet<string> {
    return this.hiddenIds;
  }

  isSuspended(userId: string): boolean {
    return this.suspendedIds.has(userId);
  }

  isDeleted(userId: string): boolean {
    return this.deletedIds.has(userId);
  }

  /** Reads the account's state again (after an event said it changed). */
  refresh(userId: string): void {
    const state = this.store.accountStates.of(userId);
    setMember(this.suspendedIds, userId, state.suspended);
    setMember(this.deletedIds, userId, state.deleted);
    setMember(this.hiddenIds, userId, state.suspended || state.deleted);
  }
}

function setMember(set: Set<string>, id: string, member: boolean): void {
  if (member) set.add(id);
  else set.delete(id);
}

/** The instance settings (the stored ones over the config's) and their rules, compiled once per change. */
export class InstanceSettingsCache {
  private current: InstanceRules | undefined;

  constructor(
    private readonly store: Store,
    /** What the settings are until an administrator changes them (from the config). */
    readonly defaults: Readonly<InstanceSettings>,
  ) {}

  rules(): InstanceRules {
    this.current ??= new InstanceRules(this.store.instanceSettings.of(this.defaults));
    return this.current;
  }

  settings(): Readonly<InstanceSettings> {
    return this.rules().settings;
  }

  forget(): void {
    this.current = undefined;
  }
}
