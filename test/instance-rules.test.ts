/** The instance-wide rules over the settings (domain/instance.ts): host lists, word lists, preserved usernames. */
import t from 'tap';
import { InstanceRules, normalizeHost } from '../src/domain/index.js';
import type { InstanceSettings } from '../src/store/index.js';

function rules(fields: Partial<InstanceSettings>): InstanceRules {
  const none: InstanceSettings = {
    name: 'Flock',
    shortName: null,
    description: null,
    disableRegistration: false,
    pinnedUsers: [],
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
    maintainerName: null,
    maintainerEmail: null,
    langs: [],
    serverRules: [],
    tosUrl: null,
    privacyPolicyUrl: null,
    inquiryUrl: null,
    impressumUrl: null,
    repositoryUrl: null,
    feedbackUrl: null,
    preservedUsernames: [],
    bannedEmailDomains: [],
  };
  return new InstanceRules({ ...none, ...fields });
}

t.test('blocked and silenced hosts match the host and its subdomains, case-insensitively', async (t) => {
  const r = rules({ blockedHosts: ['evil.example'], silencedHosts: ['loud.example'] });
  t.ok(r.isBlockedHost('evil.example'));
  t.ok(r.isBlockedHost('Sub.EVIL.example'));
  t.notOk(r.isBlockedHost('notevil.example'), 'a longer name is not a subdomain');
  t.notOk(r.isBlockedHost('example'));
  t.notOk(r.isBlockedHost(null), 'local users are never blocked');
  t.ok(r.isSilencedHost('a.loud.example'));
  t.notOk(r.isSilencedHost('evil.example'));
});

t.test('media-silenced hosts match exactly, not their subdomains', async (t) => {
  const r = rules({ mediaSilencedHosts: ['pics.example'] });
  t.ok(r.isMediaSilencedHost('PICS.example'));
  t.notOk(r.isMediaSilencedHost('cdn.pics.example'));
});

t.test('hosts are stored as lower-case punycode', async (t) => {
  t.equal(normalizeHost(' Bücher.Example '), 'xn--bcher-kva.example');
  t.ok(rules({ blockedHosts: ['xn--bcher-kva.example'] }).isBlockedHost('bücher.example'));
});

t.test('prohibited words: keyword sets (all must occur), regular expressions, cw, text and poll choices', async (t) => {
  const r = rules({ prohibitedWords: ['buy now', '/c[a@]sino/i'] });
  t.ok(r.hasProhibitedWords({ text: 'now you can buy it', cw: null }), 'every keyword of the entry');
  t.notOk(r.hasProhibitedWords({ text: 'buy it later', cw: null }));
  t.ok(r.hasProhibitedWords({ text: null, cw: 'C@SINO tonight' }), 'a pattern, in the cw');
  t.ok(r.hasProhibitedWords({ text: 'vote', cw: null, pollChoices: ['casino', 'home'] }), 'in a poll choice');
  t.notOk(rules({}).hasProhibitedWords({ text: 'anything', cw: null }), 'no list, nothing prohibited');
  t.notOk(
    rules({ prohibitedWords: ['/(a+)+$/'] }).hasProhibitedWords({
      text: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!',
      cw: null,
    }),
    'a pattern that could backtrack without bound is left out',
  );
});

t.test('sensitive words read the cw when there is one, else the text', async (t) => {
  const r = rules({ sensitiveWords: ['spoiler'] });
  t.ok(r.hasSensitiveWords({ text: 'a spoiler', cw: null }));
  t.notOk(
    r.hasSensitiveWords({ text: 'a spoiler', cw: 'careful' }),
    'the cw hides the text from the check, as Misskey',
  );
});

t.test('preserved usernames and prohibited name words', async (t) => {
  const r = rules({ preservedUsernames: ['Admin'], prohibitedWordsForNameOfUser: ['badname'] });
  t.ok(r.isPreservedUsername('admin'));
  t.notOk(r.isPreservedUsername('alice'));
  t.ok(r.hasProhibitedNameWords('the_badname_1'));
});
