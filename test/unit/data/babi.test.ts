// datasets.babi_qa: every answer is what a separate reading of the story gives, stories are
// unique across the splits, the seed fixes everything, and the single-input form is the same data.
import * as assert from 'assert';
import { BABI_OBJECTS, BABI_PEOPLE, BABI_PLACES, Dataset, loadDataset } from '../../../src/engine/data/datasets';
import { row } from './helpers';

const PEOPLE = new Set(BABI_PEOPLE.map((p) => p.toLowerCase()));
const PLACES = new Set<string>(BABI_PLACES);
const OBJECTS = new Set<string>(BABI_OBJECTS);
const PICK = new Set(['picked up', 'got', 'grabbed']);
const DROP = new Set(['dropped', 'put down', 'discarded']);

type Via = 'person' | 'holder' | 'floor';

/** Reads a story's words (no punctuation) sentence by sentence and answers the question. */
function answer(storyWords: string[], questionWords: string[]): { place: string | undefined; via: Via } {
  const at = new Map<string, string>(), held = new Map<string, string>(), lying = new Map<string, string>();
  let i = 0;
  while (i < storyWords.length) {
    const person = storyWords[i];
    assert.ok(PEOPLE.has(person), `a sentence starts with a person, got '${person}'`);
    let j = i + 1;
    while (j < storyWords.length && !PEOPLE.has(storyWords[j])) j++;
    const words = storyWords.slice(i + 1, j);
    const noun = words[words.length - 1];
    assert.strictEqual(words[words.length - 2], 'the');
    const verb = words.slice(0, -2).join(' ');
    if (PLACES.has(noun)) at.set(person, noun);
    else if (OBJECTS.has(noun) && PICK.has(verb)) {
      assert.ok(at.has(person), 'only someone whose room is known picks things up');
      held.set(noun, person);
      lying.delete(noun);
    } else if (OBJECTS.has(noun) && DROP.has(verb)) {
      assert.strictEqual(held.get(noun), person, 'only the holder drops a thing');
      held.delete(noun);
      lying.set(noun, at.get(person)!);
    } else assert.fail(`unreadable sentence '${person} ${words.join(' ')}'`);
    i = j;
  }
  assert.deepStrictEqual(questionWords.slice(0, 2), ['where', 'is']);
  const subject = questionWords[questionWords.length - 1];
  if (PEOPLE.has(subject)) return { place: at.get(subject), via: 'person' };
  const holder = held.get(subject);
  return holder ? { place: at.get(holder), via: 'holder' } : { place: lying.get(subject), via: 'floor' };
}

function words(d: Dataset, ids: number[]): string[] {
  const w = d.tokenizer!.sequencesToTexts([ids.filter((i) => i !== 0)])[0];
  return w === '' ? [] : w.split(' ');
}

function storyKeys(d: Dataset, split: 'train' | 'test'): string[] {
  const s = d.multiInputs![split][0];
  return Array.from({ length: s.shape[0] }, (_, i) => row(s, i).join(','));
}

describe('datasets: babi_qa', () => {
  for (const task of [1, 2]) {
    describe(`task ${task}`, () => {
      const d = loadDataset('babi_qa', { task, samples: 600, story_len: 7, seed: 11 });

      it('answers every question as a separate reading of its story does', () => {
        const via = new Set<Via>();
        for (const split of ['train', 'test'] as const) {
          const [story, question] = d.multiInputs![split];
          const y = d[split][1];
          for (let i = 0; i < y.shape[0]; i++) {
            const expected = answer(words(d, row(story, i)), words(d, row(question, i)));
            assert.ok(expected.place !== undefined, 'the story determines the answer');
            assert.strictEqual(d.tokenizer!.sequencesToTexts([[y.data[i]]])[0], expected.place, `${split} ${i}`);
            via.add(expected.via);
          }
        }
        // Task 2 asks both about objects someone carries (holder, then where they went) and about dropped ones.
        assert.deepStrictEqual([...via].sort(), task === 1 ? ['person'] : ['floor', 'holder']);
      });

      it('returns [story, question] inputs with documented shapes, story = x', () => {
        assert.deepStrictEqual(d.multiInputs!.names, ['story', 'question']);
        assert.deepStrictEqual(d.multiInputs!.train[0].shape, [480, 42]);
        assert.deepStrictEqual(d.multiInputs!.train[1].shape, [480, task === 1 ? 3 : 4]);
        assert.deepStrictEqual(d.test[1].shape, [120]);
        assert.strictEqual(d.train[0], d.multiInputs!.train[0]);
        const maxId = Math.max(...d.multiInputs!.train.flatMap((a) => Array.from(a.data)));
        assert.ok(maxId < d.vocabulary!.size);
      });

      it('never puts the same story in train and test', () => {
        const train = new Set(storyKeys(d, 'train'));
        assert.strictEqual(train.size, 480, 'stories are unique within train too');
        assert.ok(storyKeys(d, 'test').every((k) => !train.has(k)));
      });

      it('is fixed by its seed', () => {
        const again = loadDataset('babi_qa', { task, samples: 600, story_len: 7, seed: 11 });
        const other = loadDataset('babi_qa', { task, samples: 600, story_len: 7, seed: 12 });
        assert.deepStrictEqual(storyKeys(again, 'test'), storyKeys(d, 'test'));
        assert.deepStrictEqual(Array.from(again.train[1].data), Array.from(d.train[1].data));
        assert.notDeepStrictEqual(storyKeys(other, 'train'), storyKeys(d, 'train'));
      });

      it("single_input=True is story, 'sep', question in one front-padded row", () => {
        const s = loadDataset('babi_qa', { task, samples: 600, story_len: 7, seed: 11, single_input: true });
        assert.strictEqual(s.multiInputs, undefined);
        const sep = s.vocabulary!.wordIndex.sep;
        const [story, question] = d.multiInputs!.test;
        for (let i = 0; i < s.test[0].shape[0]; i++) {
          const joined = [...row(story, i), sep, ...row(question, i)].filter((v) => v !== 0);
          const got = row(s.test[0], i);
          assert.deepStrictEqual(got.slice(got.length - joined.length), joined);
          assert.ok(got.slice(0, got.length - joined.length).every((v) => v === 0));
        }
        assert.deepStrictEqual(Array.from(s.test[1].data), Array.from(d.test[1].data));
      });

      it('reports a majority-answer baseline near chance over six rooms', () => {
        const extra = d.info.extra!;
        const majority = d.vocabulary!.wordIndex[extra.majority_answer as string];
        const hits = Array.from(d.test[1].data).filter((v) => v === majority).length;
        assert.strictEqual(extra.majority_baseline_accuracy, hits / 120);
        assert.ok(extra.majority_baseline_accuracy < 0.3);
      });
    });
  }

  it('says so when a short story_len cannot make enough distinct stories', () => {
    assert.throws(() => loadDataset('babi_qa', { samples: 500, story_len: 1 }), /only \d+ distinct stories/);
  });
});
