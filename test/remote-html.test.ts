/** Remote HTML as Misskey's MFM text (src/federation/remote-html.ts): what is kept, what is dropped, and its bounds. */
import t from 'tap';
import { htmlToMfm } from '../src/federation/index.js';

const mfm = (html: string) => htmlToMfm(html, 20_000);

t.test("Mastodon's markup", async (t) => {
  t.equal(
    mfm(
      '<p>Hi <span class="h-card" translate="no"><a href="https://social.example/@bob" class="u-url mention">@<span>bob</span></a></span>!</p>' +
        '<p><a href="https://news.example/a/b" rel="nofollow noopener" target="_blank"><span class="invisible">https://</span><span class="ellipsis">news.example/a/b</span></a></p>',
    ),
    'Hi @bob@social.example!\n\nhttps://news.example/a/b',
    'a mention gains its host from its link; an abbreviated link is its URL',
  );
  t.equal(mfm('<p>@carol@other.example was here</p>'), '@carol@other.example was here');
  t.equal(mfm('<a href="https://x.example/tags/Cats" rel="tag">#<span>Cats</span></a>'), '#Cats');
  t.equal(mfm('<a href="https://x.example/">a site</a>'), '[a site](https://x.example/)');
  t.equal(mfm('line<br>break<br/>twice'), 'line\nbreak\ntwice');
});

t.test('what is dropped', async (t) => {
  t.equal(mfm('<script>alert(1)</script>safe<style>*{}</style><SCRIPT type="x">more()</SCRIPT >'), 'safe');
  t.equal(mfm('<img src=x onerror="steal()">text<iframe src="https://evil.example"></iframe>'), 'text');
  t.equal(mfm('<a href="javascript:alert(1)">click</a>'), 'click', 'a javascript: link is only its text');
  t.equal(mfm('<!-- hidden --><p onclick="x()" style="color:red">shown</p>'), 'shown');
  t.equal(mfm('<script>never closed'), '', 'an unclosed script drops the rest');
  t.equal(mfm('<div><unknown attr="1">kept text</unknown></div>'), 'kept text');
});

t.test('entities, stray brackets and inline styles', async (t) => {
  t.equal(mfm('&lt;b&gt; &amp; &#x1F600; &#128512; &bogus;'), '<b> & 😀 😀 &bogus;', 'decoded, not re-parsed');
  t.equal(mfm('1 < 2 and 3 > 2'), '1 < 2 and 3 > 2');
  t.equal(mfm('<b>bold</b> <i>it</i> <del>gone</del> <code>x</code>'), '**bold** <i>it</i> ~~gone~~ `x`');
  t.equal(mfm('<blockquote><p>quoted</p></blockquote>after'), '> quoted\nafter');
  t.equal(mfm('<pre><code>a  b\n  c</code></pre>'), '```\na  b\n  c\n```');
});

t.test('bounded', async (t) => {
  t.equal(mfm(`<p>${'a'.repeat(50_000)}</p>`).length, 20_000);
  t.ok(mfm(`${'<b><i>'.repeat(2_000)}deep`).endsWith('deep'), 'deep nesting is only more text');
  const started = performance.now();
  mfm(`${'<a href="https://x.example/"><b '.repeat(20_000)}${'<script>'.repeat(10_000)}`);
  t.ok(performance.now() - started < 2_000, 'hostile input in linear time');
  t.equal(htmlToMfm('<p>short</p>', 3), 'sho');
});
