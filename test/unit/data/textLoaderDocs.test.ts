// Completion and hover show the text loaders with their parameters and returned shapes.
import * as assert from 'assert';
import { completionsAt } from '../../../src/language/analysis/completion';
import { hoverAt } from '../../../src/language/analysis/hover';
import { at, env } from '../editor/helpers';

function complete(marked: string) {
  const { source, offset } = at(marked);
  return completionsAt(env(), source, offset);
}

describe('datasets: pos_tags, moby_dick, dates and cmudict in completion and hover', () => {
  it('datasets. lists them with their signatures and returned shapes', () => {
    const items = complete('data = datasets.|');
    const doc = (name: string) => {
      const item = items.find((e) => e.label === name);
      assert.ok(item, `${name} is offered`);
      return { detail: item.detail!, documentation: item.documentation! };
    };
    const pos = doc('pos_tags');
    assert.match(pos.detail, /^pos_tags\(max_len=50, max_vocab=10000, test_split=0\.2, seed=0, padding='post'\)/);
    assert.match(pos.documentation, /y_train \[N_train, max_len\] int32 tag ids 0–12/);
    assert.match(pos.documentation, /\.target_tokens \(tag name of each tag id/);
    const moby = doc('moby_dick');
    assert.match(moby.detail, /^moby_dick\(seq_len=100, step=100, max_chars=0, test_split=0\.1, seed=0\)/);
    assert.match(moby.documentation, /x_train \[N_train, seq_len\] int32 char ids, y_train \[N_train, seq_len\] int32 next char ids/);
    assert.match(moby.documentation, /model\.generate\(vocab=\.\.\.\)/);
    const dates = doc('dates');
    assert.match(dates.detail, /^dates\(test_split=0\.2, seed=0, locales=\['en-US', 'en-GB', 'de-DE', 'fr-FR', 'es-ES', 'it-IT'\], styles=\['full', 'long', 'medium', 'short'\], max_samples=0\)/);
    assert.match(dates.documentation, /\[encoder_input_train \[N_train, source_len\] int32, decoder_input_train \[N_train, 11\] int32\]/);
    assert.match(dates.documentation, /source_len is the longest selected text \(35 with every locale and style\)/);
    const cmu = doc('cmudict');
    assert.match(cmu.detail, /^cmudict\(max_words=5000, test_split=0\.2, seed=0\)/);
    assert.match(cmu.documentation, /<start> = 1, <end> = 2/);
    assert.match(cmu.documentation, /decoder_target_train \[N_train, target_len\] int32/);
  });

  it('offers their parameters inside the call and explains them on hover', () => {
    const args = complete('datasets.moby_dick(|').map((e) => e.label);
    for (const name of ['seq_len=', 'step=', 'max_chars=', 'test_split=', 'seed=']) assert.ok(args.includes(name), `${name} in ${args}`);
    const { source, offset } = at('data = datasets.da|tes(locales=["de-DE"])');
    const hover = hoverAt(env(), source, offset)!;
    assert.match(hover.markdown, /Intl\.DateTimeFormat/);
    assert.match(hover.markdown, /target_word_index/);
  });
});
