/** Configuration: one documented YAML file plus FLOCK_<KEY> environment overrides, checked by one TypeBox schema. */
import { existsSync, readFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Static, Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { parse as parseYaml } from 'yaml';

const ConfigSchema = Type.Object(
  {
    url: Type.String(),
    host: Type.String({ minLength: 1 }),
    port: Type.Integer({ minimum: 0, maximum: 65535 }),
    dataDir: Type.String({ minLength: 1 }),
    mapSizeMb: Type.Integer({ minimum: 64 }),
    shards: Type.Integer({ minimum: 1, maximum: 4096 }),
    workers: Type.Integer({ minimum: 1, maximum: 64 }),
    mailboxBound: Type.Integer({ minimum: 1 }),
    batchMax: Type.Integer({ minimum: 1 }),
    tasksPerWorker: Type.Integer({ minimum: 1, maximum: 256 }),
    bodyLimit: Type.Integer({ minimum: 1024 }),
    rateLimits: Type.Boolean(),
    homeTimelineMax: Type.Integer({ minimum: 10 }),
    timelineFlushMs: Type.Integer({ minimum: 10, maximum: 60_000 }),
    timelineCacheUsers: Type.Integer({ minimum: 1 }),
    readCacheEntries: Type.Integer({ minimum: 0 }),
    registrationOpen: Type.Boolean(),
    reservedUsernames: Type.Array(Type.String({ minLength: 1, maxLength: 128 })),
    pinLimit: Type.Integer({ minimum: 0, maximum: 100 }),
    userListLimit: Type.Integer({ minimum: 0, maximum: 1000 }),
    userListMemberLimit: Type.Integer({ minimum: 0, maximum: 10_000 }),
    canSearchNotes: Type.Boolean(),
    driveCapacityMb: Type.Integer({ minimum: 0, maximum: 1_048_576 }),
    maxFileSizeMb: Type.Integer({ minimum: 1, maximum: 4096 }),
    pinnedUsers: Type.Array(
      Type.String({ minLength: 1, maxLength: 256, pattern: '^@?[A-Za-z0-9_]+(@[A-Za-z0-9.:-]+)?$' }),
      {
        maxItems: 100,
      },
    ),
    passwordHashCost: Type.Integer({ minimum: 10, maximum: 20 }),
    faultInjection: Type.Boolean(),
    allowedPrivateNetworks: Type.Array(
      Type.String({ minLength: 2, maxLength: 64, pattern: '^[0-9a-fA-F:.]+(/[0-9]{1,3})?$' }),
      {
        maxItems: 64,
      },
    ),
    deliveryConcurrency: Type.Integer({ minimum: 1, maximum: 4096 }),
    deliveryHostConcurrency: Type.Integer({ minimum: 1, maximum: 256 }),
    deliveryRetryBaseMs: Type.Integer({ minimum: 10, maximum: 86_400_000 }),
    deliveryMaxAttempts: Type.Integer({ minimum: 1, maximum: 30 }),
    deliveryTimeoutMs: Type.Integer({ minimum: 100, maximum: 300_000 }),
    deliverySharedInbox: Type.Boolean(),
    deliverySigningThreads: Type.Integer({ minimum: 0, maximum: 64 }),
    inboxVerifyingThreads: Type.Integer({ minimum: 0, maximum: 64 }),
    streamingMaxSockets: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    instanceName: Type.String(),
    instanceDescription: Type.String(),
    maintainerName: Type.String(),
    maintainerEmail: Type.String(),
    langs: Type.Array(Type.String()),
    logLevel: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l))),
  },
  { additionalProperties: false },
);

export type Config = Static<typeof ConfigSchema>;
const checkConfig = TypeCompiler.Compile(ConfigSchema);

export class ConfigError extends Error {}

/** The project root: the nearest folder above this module holding package.json (works from src/ and dist/src/). */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new ConfigError('Expected to find package.json above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  return dir;
}

const envName = (key: string) => 'FLOCK_' + key.replace(/[A-Z]/g, (c) => '_' + c).toUpperCase();

function fromEnv(key: string, raw: string, current: unknown): unknown {
  if (typeof current === 'boolean') {
    if (/^(on|true|1|yes)$/i.test(raw)) return true;
    if (/^(off|false|0|no)$/i.test(raw)) return false;
    throw new ConfigError(`${envName(key)}: expected on|off, got ${JSON.stringify(raw)}`);
  }
  if (typeof current === 'number') {
    if (!/^-?\d+$/.test(raw.trim()))
      throw new ConfigError(`${envName(key)}: expected an integer, got ${JSON.stringify(raw)}`);
    return Number(raw);
  }
  if (Array.isArray(current))
    return raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  return raw;
}

function readYamlMapping(file: string): Record<string, unknown> {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`Could not read config file ${file}: ${(err as Error).message}`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new ConfigError(`Config file ${file}: expected a mapping of keys`);
  return raw as Record<string, unknown>;
}

/**
 * Loads config/default.yml, then the keys of FLOCK_CONFIG's file over it (a site file names only what it
 * changes), then FLOCK_* overrides; validates; throws ConfigError with what was expected and what was got.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const defaults = join(projectRoot(), 'config', 'default.yml');
  const file = env.FLOCK_CONFIG ? resolve(env.FLOCK_CONFIG) : defaults;
  const merged: Record<string, unknown> = {
    ...readYamlMapping(defaults),
    ...(file === defaults ? {} : readYamlMapping(file)),
  };
  for (const key of Object.keys(ConfigSchema.properties)) {
    const value = env[envName(key)];
    if (value !== undefined) merged[key] = fromEnv(key, value, merged[key]);
  }
  if (!checkConfig.Check(merged)) {
    const first = checkConfig.Errors(merged).First();
    const where = first ? first.path.slice(1) || '(root)' : '(root)';
    throw new ConfigError(
      `Invalid config ${where}: ${first?.message ?? 'invalid'} (got ${JSON.stringify(first?.value)}); file ${file}, env ${envName(where)}`,
    );
  }
  const config = merged as Config;
  config.dataDir = resolve(config.dataDir);
  config.url = config.url.replace(/\/+$/, '');
  return config;
}

/** Resolves port 0 to a free port (ids and URLs need the real one) and derives `url` when it is empty. */
export async function finishConfig(config: Config): Promise<Config> {
  if (config.port === 0) config.port = await freePort(config.host);
  if (config.url === '') config.url = `http://${config.host}:${config.port}`;
  return config;
}

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
