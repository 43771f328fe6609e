/** Misskey's MetaLite and MetaDetailed: what `meta` and admin/meta answer, from the config and the instance settings. */
import type { Config } from '../../config/index.js';
import type { RolePolicies } from '../../domain/index.js';
import type { InstanceSettings } from '../../store/index.js';

/** Misskey's release we speak, tagged so clients and admins can tell Flock apart. */
const VERSION = '2025.9.0-flock';
const MAX_FILE_SIZE = 262_144_000;

/** MetaLite: the instance settings (admin/update-meta, over the config's) and what Flock serves. */
export function metaLite(
  config: Config,
  settings: Readonly<InstanceSettings>,
  policies: RolePolicies,
): Record<string, unknown> {
  return {
    maintainerName: settings.maintainerName,
    maintainerEmail: settings.maintainerEmail,
    version: VERSION,
    providesTarball: false,
    name: settings.name,
    shortName: settings.shortName,
    uri: config.url,
    description: settings.description,
    langs: settings.langs,
    tosUrl: settings.tosUrl,
    repositoryUrl: settings.repositoryUrl,
    feedbackUrl: settings.feedbackUrl,
    defaultDarkTheme: null,
    defaultLightTheme: null,
    clientOptions: { entrancePageStyle: 'classic', showTimelineForVisitor: true, showActivitiesForVisitor: true },
    disableRegistration: settings.disableRegistration,
    emailRequiredForSignup: false,
    enableHcaptcha: false,
    hcaptchaSiteKey: null,
    enableMcaptcha: false,
    mcaptchaSiteKey: null,
    mcaptchaInstanceUrl: null,
    enableRecaptcha: false,
    recaptchaSiteKey: null,
    enableTurnstile: false,
    turnstileSiteKey: null,
    enableTestcaptcha: false,
    googleAnalyticsMeasurementId: null,
    swPublickey: null,
    mascotImageUrl: `${config.url}/assets/ai.png`,
    bannerUrl: settings.bannerUrl,
    serverErrorImageUrl: null,
    infoImageUrl: null,
    notFoundImageUrl: null,
    iconUrl: settings.iconUrl,
    backgroundImageUrl: settings.backgroundImageUrl,
    logoImageUrl: settings.logoImageUrl,
    maxNoteTextLength: 3000,
    ads: [],
    notesPerOneAd: 0,
    enableEmail: false,
    enableServiceWorker: false,
    translatorAvailable: false,
    sentryForFrontend: null,
    mediaProxy: `${config.url}/proxy`,
    enableUrlPreview: false,
    impressumUrl: settings.impressumUrl,
    privacyPolicyUrl: settings.privacyPolicyUrl,
    inquiryUrl: settings.inquiryUrl,
    serverRules: settings.serverRules,
    themeColor: settings.themeColor,
    policies,
    noteSearchableScope: 'local',
    maxFileSize: MAX_FILE_SIZE,
    federation: 'all',
  };
}

function metaDetailedOnly(settings: Readonly<InstanceSettings>): Record<string, unknown> {
  return {
    features: {
      registration: !settings.disableRegistration,
      emailRequiredForSignup: false,
      localTimeline: true,
      globalTimeline: true,
      hcaptcha: false,
      turnstile: false,
      recaptcha: false,
      objectStorage: false,
      serviceWorker: false,
      miauth: false,
    },
    proxyAccountName: null,
    requireSetup: false,
    cacheRemoteFiles: false,
    cacheRemoteSensitiveFiles: false,
  };
}

/** MetaDetailed as an object (admin/meta adds the settings only administrators see). */
export function metaDetailed(
  config: Config,
  settings: Readonly<InstanceSettings>,
  policies: RolePolicies,
): Record<string, unknown> {
  return { ...metaLite(config, settings, policies), ...metaDetailedOnly(settings) };
}
