/**
 * The gateway thread's caches of decoded records, shared by every request and every client API. They
 * stay current through the domain events: each batch result carries those of its committed commands,
 * and the entries they name are forgotten before the batch's replies are delivered.
 */

import type { Mailboxes } from '../actors/index.js';
import type { DomainEvent } from '../domain/index.js';
import {
  DecodedCache,
  fastNoteRecord,
  fastUserRecord,
  type InstanceSettings,
  type NoteRecord,
  type Store,
  type TokenRecord,
  type UserRecord,
} from '../store/index.js';
import { AccountStanding, InstanceSettingsCache } from './moderation-state.js';
import { ViewerRelationsCache } from './viewer-relations.js';

/** Decoded notes, users and tokens (see DecodedCache: entries are forgotten when the domain events say they changed), and viewers' relation snapshots. */
export interface ReadCaches {
  notes: DecodedCache<NoteRecord>;
  users: DecodedCache<UserRecord>;
  /** Token → its record, so authenticating a request reads no LMDB (revocations arrive as tokensRevoked events). */
  tokens: DecodedCache<TokenRecord>;
  /** Whom each viewer blocks, mutes and is blocked by, and their word mutes: what hides notes from them. */
  relations: ViewerRelationsCache;
  /** Suspended and deleted accounts. */
  accounts: AccountStanding;
  /** The instance settings and their rules. */
  instance: InstanceSettingsCache;
}

/** `instanceDefaults`: the instance settings until an administrator changes them (from the config). */
export function createReadCaches(
  store: Store,
  entries: number,
  instanceDefaults: Readonly<InstanceSettings>,
): ReadCaches {
  return {
    accounts: new AccountStanding(store),
    instance: new InstanceSettingsCache(store, instanceDefaults),
    notes: new DecodedCache((noteId) => store.notes.get(noteId), entries, fastNoteRecord),
    users: new DecodedCache((userId) => store.users.get(userId), entries, fastUserRecord),
    tokens: new DecodedCache(
      (key) => store.tokens.get(key),
      entries,
      (record) => record,
    ),
    relations: new ViewerRelationsCache(store, entries),
  };
}

/**
 * Subscribes the caches to the domain events (Mailboxes.onEvents), which arrive once a batch has
 * committed and before its replies do.
 */
export function forgetWrites(caches: ReadCaches, store: Store, mailboxes: Mailboxes): void {
  mailboxes.onEvents((events) => {
    // the next read in this event turn must not re-cache a snapshot from before these commits: not the
    // account states read right here (AccountStanding.refresh), nor any read after
    store.resetReadSnapshot();
    forgetChanged(caches, events);
  });
}

/**
 * Forgets exactly the records the events say were rewritten or removed. Created records need nothing,
 * since a cache never holds a miss; the switch is exhaustive so that a new event type has to say what
 * it means here.
 */
export function forgetChanged(caches: ReadCaches, events: readonly DomainEvent[]): void {
  for (const event of events) {
    switch (event.type) {
      case 'noteDeleted':
      case 'noteReacted':
      case 'noteUnreacted':
      case 'pollVoted':
      case 'noteUpdated':
      case 'noteCountsChanged':
      case 'noteFilesChanged':
        caches.notes.forget(event.noteId);
        break;
      case 'userUpdated':
        caches.users.forget(event.userId);
        // word mutes and muted instances are profile fields
        caches.relations.forget(event.userId);
        break;
      case 'blocked':
      case 'unblocked':
        caches.relations.forget(event.userId);
        caches.relations.forget(event.targetId);
        break;
      case 'muted':
      case 'unmuted':
      case 'renoteMuted':
      case 'renoteUnmuted':
      case 'threadMuted':
      case 'threadUnmuted':
        caches.relations.forget(event.userId);
        break;
      case 'accountSuspended':
      case 'accountUnsuspended':
      case 'accountDeleted':
        caches.accounts.refresh(event.userId);
        break;
      case 'instanceSettingsUpdated':
        caches.instance.forget();
        break;
      case 'tokensRevoked':
        for (const key of event.tokenKeys) caches.tokens.forget(key);
        break;
      case 'noteCreated':
      case 'noteFavorited':
      case 'noteUnfavorited':
      case 'followed':
      case 'unfollowed':
      case 'followRequested':
      case 'followRequestCancelled':
      case 'followAccepted':
      case 'followRejected':
      case 'userCreated':
      case 'passwordChanged':
      case 'tokenIssued':
      case 'registryChanged':
      case 'activeDayCounted':
      case 'followUpdated':
      case 'memoUpdated':
      case 'userListCreated':
      case 'userListUpdated':
      case 'userListDeleted':
      case 'listMemberAdded':
      case 'listMemberRemoved':
      case 'listMemberUpdated':
      case 'userListFavorited':
      case 'userListUnfavorited':
      case 'driveFileCreated':
      case 'driveFileUpdated':
      case 'driveFileDeleted':
      case 'driveFolderCreated':
      case 'driveFolderUpdated':
      case 'driveFolderDeleted':
      // roles are cached apart (RoleQueries)
      case 'roleCreated':
      case 'roleUpdated':
      case 'roleDeleted':
      case 'roleAssigned':
      case 'roleUnassigned':
      case 'defaultPoliciesUpdated':
      case 'rootClaimed':
      case 'abuseReported':
      case 'abuseReportResolved':
      case 'abuseReportForwarded':
      case 'invitationsCreated':
      case 'invitationsDeleted':
      // notifications are read from the store, never cached
      case 'notificationCreated':
      case 'notificationsRead':
        break;
      default:
        event satisfies never;
    }
  }
}
