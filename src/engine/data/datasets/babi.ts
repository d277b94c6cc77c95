// datasets.babi_qa(): question answering in the style of bAbI (Weston et al. 2015), generated
// from a seeded simulation of a small world, so every answer follows from the story by
// construction. Task 1 (single supporting fact): people move between rooms; "Where is Mary?".
// Task 2 (two supporting facts): they also pick up and drop objects; "Where is the football?"
// needs both who holds it (or where it was dropped) and where that person went.
import { Rng } from '../../util/rng';
import { Tokenizer } from '../tokenizer';
import { DatasetDefinition, LoaderArgs } from './definition';
import { resolveParams } from './params';
import { testCount } from './split';
import { DataArray, Dataset, int32Array } from './types';
import { babiEntry } from '../../../keras/datasets/babi';

export const BABI_PEOPLE = ['Mary', 'John', 'Sandra', 'Daniel'] as const;
export const BABI_PLACES = ['kitchen', 'garden', 'office', 'hallway', 'bathroom', 'bedroom'] as const;
export const BABI_OBJECTS = ['apple', 'football', 'milk'] as const;
const BABI_MOVE_VERBS = ['moved to', 'went to', 'journeyed to', 'travelled to', 'went back to'] as const;
const BABI_PICK_VERBS = ['picked up', 'got', 'grabbed'] as const;
const BABI_DROP_VERBS = ['dropped', 'put down', 'discarded'] as const;
/** Between story and question in the single-input form. */
const BABI_SEPARATOR = 'sep';
/** Longest sentence in tokens: "sandra went back to the bathroom". */
const MAX_SENTENCE_TOKENS = 6;

interface BabiSample {
  /** Sentences with their full stop, as a reader sees them. */
  readonly story: readonly string[];
  readonly question: string;
  readonly answer: string;
}

type Person = (typeof BABI_PEOPLE)[number];
type Place = (typeof BABI_PLACES)[number];
type Thing = (typeof BABI_OBJECTS)[number];

/** Who is where and where each object is; null where the story has not said yet. */
class World {
  readonly at = new Map<Person, Place>();
  readonly holder = new Map<Thing, Person>();
  readonly lying = new Map<Thing, Place>();

  whereIs(thing: Thing): Place | undefined {
    const h = this.holder.get(thing);
    return h ? this.at.get(h) : this.lying.get(thing);
  }
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.int(0, items.length)];
}

/** One event, applied to the world, as a sentence. */
function nextSentence(world: World, task: 1 | 2, rng: Rng): string {
  const placed = BABI_PEOPLE.filter((p) => world.at.has(p));
  // A person picks up an object only where it is: one never mentioned yet is taken to be there.
  const pickups = task === 2
    ? placed.flatMap((p) => BABI_OBJECTS.filter((o) => !world.holder.has(o) && (!world.lying.has(o) || world.lying.get(o) === world.at.get(p))).map((o) => [p, o] as const))
    : [];
  const drops = task === 2 ? BABI_OBJECTS.filter((o) => world.holder.has(o)).map((o) => [world.holder.get(o)!, o] as const) : [];
  const kinds = [['move', 0.5], ['pick', pickups.length ? 0.3 : 0], ['drop', drops.length ? 0.2 : 0]] as const;
  const kind = kinds[rng.categorical(kinds.map((k) => k[1]))][0];
  if (kind === 'pick') {
    const [person, thing] = pick(rng, pickups);
    world.holder.set(thing, person);
    world.lying.delete(thing);
    return `${person} ${pick(rng, BABI_PICK_VERBS)} the ${thing}.`;
  }
  if (kind === 'drop') {
    const [person, thing] = pick(rng, drops);
    world.holder.delete(thing);
    world.lying.set(thing, world.at.get(person)!);
    return `${person} ${pick(rng, BABI_DROP_VERBS)} the ${thing}.`;
  }
  const person = pick(rng, BABI_PEOPLE);
  const place = pick(rng, BABI_PLACES.filter((p) => p !== world.at.get(person)));
  world.at.set(person, place);
  return `${person} ${pick(rng, BABI_MOVE_VERBS)} the ${place}.`;
}

/** One story and a question whose answer the story determines, or null if it determines none. */
function simulateStory(task: 1 | 2, sentences: number, rng: Rng): BabiSample | null {
  const world = new World();
  const story = Array.from({ length: sentences }, () => nextSentence(world, task, rng));
  if (task === 1) {
    const known = BABI_PEOPLE.filter((p) => world.at.has(p));
    if (!known.length) return null;
    const person = pick(rng, known);
    return { story, question: `Where is ${person}?`, answer: world.at.get(person)! };
  }
  const known = BABI_OBJECTS.filter((o) => world.whereIs(o) !== undefined);
  if (!known.length) return null;
  const thing = pick(rng, known);
  return { story, question: `Where is the ${thing}?`, answer: world.whereIs(thing)! };
}

/** Every word the stories and questions can use, sorted: ids are their position + 1. */
function babiWords(): string[] {
  const text = [
    ...BABI_PEOPLE, ...BABI_PLACES, ...BABI_OBJECTS, ...BABI_MOVE_VERBS, ...BABI_PICK_VERBS, ...BABI_DROP_VERBS,
    'the where is', BABI_SEPARATOR,
  ].join(' ');
  return [...new Set(text.toLowerCase().split(/\s+/))].sort();
}

/** A Keras Tokenizer (lowercase, punctuation filtered) whose word_index is the sorted world vocabulary. */
function babiTokenizer(): Tokenizer {
  const tokenizer = new Tokenizer();
  // Each word once: counts tie, and the stable sort keeps the alphabetical order given.
  tokenizer.fitOnTexts([babiWords()]);
  return tokenizer;
}

function padPre(rows: readonly number[][], width: number): DataArray {
  const out = new Int32Array(rows.length * width);
  rows.forEach((r, i) => {
    if (r.length > width) throw new Error(`babi_qa: a sequence of ${r.length} tokens does not fit ${width}`);
    out.set(r, i * width + width - r.length);
  });
  return int32Array([rows.length, width], out);
}

/** `samples` stories, all different, from one seeded stream. */
function generateSamples(task: 1 | 2, samples: number, sentences: number, rng: Rng): BabiSample[] {
  const seen = new Set<string>();
  const out: BabiSample[] = [];
  // Short stories have few distinct versions (one sentence: 4 people × 6 rooms × 5 verbs).
  const maxTries = samples * 50 + 1000;
  for (let tries = 0; out.length < samples; tries++) {
    if (tries >= maxTries) throw new Error(`babi_qa: only ${out.length} distinct stories of ${sentences} sentences found; ask for fewer samples or a longer story_len`);
    const s = simulateStory(task, sentences, rng);
    if (!s) continue;
    const key = s.story.join(' ');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(s);
  }
  return out;
}

function loadBabi(args: LoaderArgs): Dataset {
  const p = resolveParams(babiEntry, args);
  const task = p.task as 1 | 2, storyLen = p.story_len as number, single = p.single_input as boolean;
  const samples = generateSamples(task, p.samples as number, storyLen, new Rng(p.seed as number).fork(`babi_qa/task${task}`));
  const nTest = testCount(samples.length, p.test_split as number);
  const trainRows = samples.slice(0, samples.length - nTest), testRows = samples.slice(samples.length - nTest);
  const tokenizer = babiTokenizer();
  const storyWidth = MAX_SENTENCE_TOKENS * storyLen, questionWidth = task === 1 ? 3 : 4;
  const sepId = tokenizer.wordIndex.get(BABI_SEPARATOR)!;

  const encode = (rows: readonly BabiSample[]) => {
    const stories = tokenizer.textsToSequences(rows.map((r) => r.story.join(' ')));
    const questions = tokenizer.textsToSequences(rows.map((r) => r.question));
    const y = int32Array([rows.length], Int32Array.from(rows, (r) => tokenizer.wordIndex.get(r.answer)!));
    return {
      story: padPre(stories, storyWidth),
      question: padPre(questions, questionWidth),
      joined: padPre(stories.map((s, i) => [...s, sepId, ...questions[i]]), storyWidth + 1 + questionWidth),
      y,
    };
  };
  const train = encode(trainRows), test = encode(testRows);

  const counts = new Map<string, number>();
  for (const r of trainRows) counts.set(r.answer, (counts.get(r.answer) ?? 0) + 1);
  const majority = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? '';
  const scored = testRows.length ? testRows : trainRows;
  const majorityAccuracy = scored.filter((r) => r.answer === majority).length / Math.max(1, scored.length);
  const example = trainRows[0] ?? testRows[0];

  return {
    train: [single ? train.joined : train.story, train.y],
    test: [single ? test.joined : test.story, test.y],
    multiInputs: single ? undefined : { names: ['story', 'question'], train: [train.story, train.question], test: [test.story, test.question] },
    vocabulary: { wordIndex: tokenizer.wordIndexObject(), size: tokenizer.wordIndex.size + 1, tokens: ['', ...babiWords()] },
    tokenizer,
    info: {
      name: 'babi_qa',
      description: `bAbI-style task ${task} (${task === 1 ? 'single supporting fact: where is a person' : 'two supporting facts: where is an object'}), generated from a world simulation.`,
      citation: 'Weston, Bordes, Chopra, Rush, van Merriënboer, Joulin and Mikolov. Towards AI-Complete Question Answering: A Set of Prerequisite Toy Tasks. ICLR 2016.',
      params: p,
      extra: {
        n_train: trainRows.length,
        n_test: testRows.length,
        story_maxlen: storyWidth,
        question_maxlen: questionWidth,
        vocabulary_size: tokenizer.wordIndex.size + 1,
        majority_answer: majority,
        majority_baseline_accuracy: majorityAccuracy,
        example_story: example ? example.story.join(' ') : '',
        example_question: example ? example.question : '',
        example_answer: example ? example.answer : '',
      },
    },
  };
}

export const babiDataset: DatasetDefinition = { entry: babiEntry, load: loadBabi };
