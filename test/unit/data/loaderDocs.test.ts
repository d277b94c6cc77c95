// Completion and hover show the melody and QA loaders with their parameters and returned shapes.
import * as assert from 'assert';
import { completionsAt } from '../../../src/language/analysis/completion';
import { hoverAt } from '../../../src/language/analysis/hover';
import { at, env } from '../editor/helpers';

function complete(marked: string) {
  const { source, offset } = at(marked);
  return completionsAt(env(), source, offset);
}

describe('datasets: melodies and babi_qa in completion and hover', () => {
  it('datasets. lists both with their signatures and returned shapes', () => {
    const items = complete('data = datasets.|');
    const melodies = items.find((e) => e.label === 'melodies')!;
    assert.match(melodies.detail!, /^melodies\(seq_len=16, step=1, transpose=True, targets='sequence', test_split=0\.2, seed=0\)/);
    assert.match(melodies.documentation!, /Returns \(x_train \[N_train, seq_len\] int32, y_train \[N_train, seq_len\] int32/);
    const babi = items.find((e) => e.label === 'babi_qa')!;
    assert.match(babi.detail!, /^babi_qa\(task=1, samples=2000, story_len=6, single_input=False, test_split=0\.2, seed=0\)/);
    assert.match(babi.documentation!, /\[story_train \[N_train, 6·story_len\] int32, question_train \[N_train, Q\] int32\]/);
  });

  it('offers their parameters inside the call and explains them on hover', () => {
    const args = complete('datasets.babi_qa(|').map((e) => e.label);
    for (const name of ['task=', 'samples=', 'story_len=', 'single_input=', 'test_split=', 'seed=']) assert.ok(args.includes(name), `${name} in ${args}`);
    const { source, offset } = at('data = datasets.mel|odies(seq_len=8)');
    const hover = hoverAt(env(), source, offset)!;
    assert.match(hover.markdown, /transpose/);
    assert.match(hover.markdown, /word_index/);
  });
});
