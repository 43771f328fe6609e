/**
 * The main thread's wiring: config → store → actor mailboxes (their threads start from worker.ts) →
 * shared queries → the Misskey API on the gateway; SIGTERM/SIGINT drain and close cleanly.
 */
import { fileURLToPath } from 'node:url';
import {
  createMailboxes,
  flushTimelinesForStop,
  indexStoredHashtags,
  indexStoredNoteTexts,
  indexStoredUsers,
  type Mailboxes,
  recoverTimelines,
  resumeAccountPurges,
  startPollEndings,
} from './actors/index.js';
import { type Config, ConfigError, finishConfig, loadConfig } from './config/index.js';
import { createFederation, HookUrlGuard, startOutbox } from './federation/index.js';
import { type Health, startGateway } from './gateway/index.js';
import { logger, setLogLevel } from './log/index.js';
import { stopMediaProcess } from './media/index.js';
import { createMisskeyApi } from './misskey/index.js';
import { createReadCaches, forgetWrites, NoteQueries, RoleQueries } from './queries/index.js';
import type { InstanceSettings, Store } from './store/index.js';
import {
  buildIndexOnce,
  claimTimelines,
  hashStoredTokens,
  moveCountsOutOfUserRecords,
  openStore,
  releaseTimelines,
} from './store/index.js';

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`flock: ${err.message}\n`);
      process.exit(78);
    }
    throw err;
  }
  setLogLevel(config.logLevel);
  await finishConfig(config);
  const log = logger('main');
  if (claimTimelines(config.dataDir))
    log.warn('the home timelines were written before an OS crash and may be torn; rebuilding them from the notes');
  const store = openStore({ path: config.dataDir, mapSizeMb: config.mapSizeMb });
  const upgraded = await moveCountsOutOfUserRecords(store);
  if (upgraded > 0)
    log.info({ users: upgraded }, 'moved user counters out of the user records (data from an earlier version)');
  const rekeyed = await hashStoredTokens(store);
  if (rekeyed > 0) log.info({ tokens: rekeyed }, 'stored the tokens of an earlier version hashed');
  if (await buildIndexOnce(store, 'users-v1', () => indexStoredUsers(store)))
    log.info('indexed the stored users for the directory and users/search');
  if (await buildIndexOnce(store, 'hashtags-v1', () => indexStoredHashtags(store)))
    log.info('indexed the hashtags of the stored profiles and notes');
  if (await buildIndexOnce(store, 'notify-followers-v1', () => store.follows.indexNotifiedFollowers()))
    log.info('indexed the follows that notify of notes');
  if (await keepNoteSearchIndex(store, config.canSearchNotes))
    log.info('indexed the words of the stored notes for notes/search');
  const { moved, removed } = store.blobs.recover((sha256) => store.driveFiles.references(sha256));
  if (moved + removed > 0)
    log.info({ moved, removed }, 'drive files: finished the moves of committed uploads, removed files no record needs');
  const mailboxes = createMailboxes(config, fileURLToPath(new URL('./worker.js', import.meta.url)));
  await recoverTimelines(store, mailboxes, config.workers, log);
  resumeAccountPurges(store, mailboxes, log);
  const pollEndings = startPollEndings(store, mailboxes, log);

  const caches = createReadCaches(store, config.readCacheEntries, instanceDefaults(config));
  forgetWrites(caches, store, mailboxes);
  const queries = new NoteQueries(store, mailboxes, caches, config.homeTimelineMax);
  const roles = new RoleQueries(
    store,
    configuredPolicies(config),
    (id) => caches.users.get(id),
    config.readCacheEntries,
  );
  roles.subscribe(mailboxes);

  const federation = createFederation({ config, store, mailboxes, caches });
  const outbox = startOutbox(config, (report) => {
    // a hook deleted meanwhile answers noSuchWebhook: nothing to record
    mailboxes
      .send({ op: 'webhook.recordCall', args: report }, report.userId)
      .catch((err: unknown) => log.warn({ err, webhookId: report.webhookId }, 'a webhook call could not be recorded'));
  });
  const misskey = createMisskeyApi({
    config,
    store,
    mailboxes,
    queries,
    roles,
    remote: federation.lookup,
    deliveries: outbox,
    hookUrls: new HookUrlGuard(config.allowedPrivateNetworks, config.url),
  });
  const gateway = await startGateway({
    config,
    apis: [misskey, federation],
    health: () => health(store, mailboxes),
  });
  log.info(
    { url: config.url, port: gateway.port, shards: config.shards, workers: config.workers, dataDir: config.dataDir },
    'flock started',
  );
  federation.inbox.start();
  if (process.send) process.send({ ready: true, port: gateway.port });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'draining');
    // before the gateway, which closes the fetcher the activities in hand may still use
    await federation.inbox.stop(10_000);
    await gateway.stop(10_000);
    await outbox.stop(10_000);
    pollEndings.stop();
    stopMediaProcess();
    await mailboxes.drain();
    if (!(await flushTimelinesForStop(mailboxes)))
      log.error('a worker failed to flush its timelines; the next start replays them');
    await mailboxes.close();
    await store.close();
    releaseTimelines(config.dataDir);
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

/** The base policies this instance's configuration sets over Misskey's defaults (admin/roles/update-default-policies goes over these). */
function configuredPolicies(config: Config) {
  return {
    pinLimit: config.pinLimit,
    canSearchNotes: config.canSearchNotes,
    userListLimit: config.userListLimit,
    userEachUserListsLimit: config.userListMemberLimit,
    driveCapacityMb: config.driveCapacityMb,
    maxFileSizeMb: config.maxFileSizeMb,
  };
}

/** The instance settings until an administrator first changes them (admin/update-meta): the config's. */
function instanceDefaults(config: Config): InstanceSettings {
  const nullIfEmpty = (s: string) => (s === '' ? null : s);
  return {
    name: config.instanceName,
    shortName: null,
    description: nullIfEmpty(config.instanceDescription),
    disableRegistration: !config.registrationOpen,
    pinnedUsers: config.pinnedUsers,
    hiddenTags: [],
    blockedHosts: [],
    silencedHosts: [],
    mediaSilencedHosts: [],
    sensitiveWords: [],
    prohibitedWords: [],
    prohibitedWordsForNameOfUser: [],
    iconUrl: null,
    bannerUrl: null,
    backgroundImageUrl: null,
    logoImageUrl: null,
    themeColor: null,
    maintainerName: nullIfEmpty(config.maintainerName),
    maintainerEmail: nullIfEmpty(config.maintainerEmail),
    langs: config.langs,
    serverRules: [],
    tosUrl: null,
    privacyPolicyUrl: null,
    inquiryUrl: null,
    impressumUrl: null,
    repositoryUrl: null,
    feedbackUrl: null,
    preservedUsernames: config.reservedUsernames,
    bannedEmailDomains: [],
  };
}

/** Serving needs a readable store and workers that answer; the depths of the mailboxes and the inbox queue are shown. */
async function health(store: Store, mailboxes: Mailboxes): Promise<Health> {
  const readable = store.isReadable();
  const workers = await mailboxes.ping(2000);
  return {
    ok: readable && workers,
    store: readable,
    workers,
    queued: mailboxes.depth(),
    inboxQueued: readable ? store.inboxQueue.pending() : null,
  };
}

// a stray rejected promise is a bug to log, not a reason to stop serving everyone else
process.on('unhandledRejection', (err: unknown) => {
  logger('main').error({ err }, 'unhandled promise rejection');
});

main().catch((err: unknown) => {
  logger('main').fatal({ err }, 'start-up failed');
  process.exit(1);
});

/**
 * The word index of notes/search costs a key per word of every new note, so it is kept only while
 * notes/search is served; switched off, it is dropped, and built afresh over every stored note when
 * switched on again. Returns whether it was built now.
 */
const NOTE_SEARCH_INDEX = 'note-search-v1';

async function keepNoteSearchIndex(store: Store, served: boolean): Promise<boolean> {
  if (!served) {
    if (store.indexBuilds.isBuilt(NOTE_SEARCH_INDEX)) {
      await store.indexBuilds.forget(NOTE_SEARCH_INDEX);
      await store.noteSearch.clear();
    }
    return false;
  }
  return buildIndexOnce(store, NOTE_SEARCH_INDEX, () => indexStoredNoteTexts(store));
}
