// A melody as a piano roll (pitch rows × beats, seed notes in their own colour) with Play/Stop:
// WebAudio oscillators with a short attack/release envelope per note, and a playhead that
// follows the audio clock.
import type { MelodyData, MelodyNote } from '../../src/protocol/renderer';
import { el, svg } from '../shared/dom';

const ROW = 9, BEAT = 36, KEYS = 34, TOP = 4;
const BLACK = new Set([1, 3, 6, 8, 10]);
const NAMES = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'];
const pitchName = (midi: number) => `${NAMES[((midi % 12) + 12) % 12]}${Math.floor(midi / 12) - 1}`;
const frequency = (midi: number) => 440 * 2 ** ((midi - 69) / 12);

interface RollLayout {
  low: number;
  high: number;
  beats: number;
  width: number;
  height: number;
  x(beat: number): number;
  /** Top of the row of a pitch. */
  y(midi: number): number;
}

function rollLayout(notes: readonly MelodyNote[]): RollLayout {
  const pitches = notes.map(n => n.midi);
  const low = (pitches.length ? Math.min(...pitches) : 60) - 1;
  const high = (pitches.length ? Math.max(...pitches) : 72) + 1;
  const beats = Math.max(4, Math.ceil(notes.reduce((e, n) => Math.max(e, n.start + n.beats), 0)));
  return {
    low, high, beats,
    width: KEYS + beats * BEAT + 8,
    height: TOP + (high - low + 1) * ROW + 4,
    x: beat => KEYS + beat * BEAT,
    y: midi => TOP + (high - midi) * ROW,
  };
}

/** What Play scheduled: stop() silences it; onEnd fires when the last note has sounded. */
interface Playback {
  context: AudioContext;
  startAt: number;
  oscillators: OscillatorNode[];
}

export function renderMelody(data: MelodyData, signal?: AbortSignal): HTMLElement {
  const L = rollLayout(data.notes);
  const roll = svg('svg', { class: 'roll', width: L.width, height: L.height, viewBox: `0 0 ${L.width} ${L.height}`, role: 'img', 'aria-label': `Piano roll of ${data.notes.length} notes` });
  for (let m = L.high; m >= L.low; m--) {
    roll.append(svg('rect', { class: `lane ${BLACK.has(((m % 12) + 12) % 12) ? 'black' : 'white'}`, x: KEYS, y: L.y(m), width: L.beats * BEAT, height: ROW }));
    if (m % 12 === 0 || m === L.low + 1) roll.append(svg('text', { x: 2, y: L.y(m) + ROW / 2 }, pitchName(m)));
  }
  for (let b = 0; b <= L.beats; b++) roll.append(svg('line', { class: b % 4 === 0 ? 'bar' : 'beat', x1: L.x(b), x2: L.x(b), y1: TOP, y2: L.height - 4 }));
  const rects = data.notes.map(n => {
    const r = svg('rect', { class: `note${n.seed ? ' seed' : ''}`, x: L.x(n.start), y: L.y(n.midi) + 0.5, width: Math.max(2, n.beats * BEAT - 1), height: ROW - 1 });
    r.dataset.midi = String(n.midi);
    r.dataset.start = String(n.start);
    r.append(svg('title', {}, `${pitchName(n.midi)} · beat ${n.start + 1} · ${n.beats} beat${n.beats === 1 ? '' : 's'}${n.seed ? ' (seed)' : ''}`));
    roll.append(r);
    return r;
  });
  const playhead = svg('line', { class: 'playhead', x1: L.x(0), x2: L.x(0), y1: TOP, y2: L.height - 4, visibility: 'hidden' });
  roll.append(playhead);

  const secondsPerBeat = 60 / data.tempo;
  const end = data.notes.reduce((e, n) => Math.max(e, n.start + n.beats), 0);
  const button = el('button', { className: 'play', title: 'Play the melody (WebAudio)' }, '▶ Play');
  const wrap = el('div', { className: 'unroll-out unroll-melody' },
    el('div', { className: 'head' },
      el('span', { className: 'title' }, 'Melody'),
      button,
      el('span', { className: 'muted' }, `${data.notes.length} notes · ${end} beats · ${data.tempo} bpm${data.temperature === undefined ? '' : ` · temperature ${data.temperature}`}`),
      data.notes.some(n => n.seed) ? el('span', { className: 'key muted' }, el('span', { className: 'swatch seed' }), 'seed') : null),
    el('div', { className: 'roll-wrap' }, roll));
  wrap.dataset.state = 'stopped';

  let playback: Playback | undefined;
  let frame = 0;
  const stop = () => {
    if (!playback) return;
    const p = playback;
    playback = undefined;
    cancelAnimationFrame(frame);
    for (const o of p.oscillators) { try { o.stop(); } catch { /* already ended */ } }
    void p.context.close();
    playhead.setAttribute('visibility', 'hidden');
    rects.forEach(r => r.classList.remove('sounding'));
    button.textContent = '▶ Play';
    wrap.dataset.state = 'stopped';
  };
  const follow = () => {
    if (!playback) return;
    const beat = (playback.context.currentTime - playback.startAt) / secondsPerBeat;
    if (beat >= end) return stop();
    const x = L.x(Math.max(0, beat));
    playhead.setAttribute('x1', String(x));
    playhead.setAttribute('x2', String(x));
    data.notes.forEach((n, i) => rects[i].classList.toggle('sounding', beat >= n.start && beat < n.start + n.beats));
    frame = requestAnimationFrame(follow);
  };
  const play = () => {
    const context = new AudioContext();
    const startAt = context.currentTime + 0.08;
    const master = context.createGain();
    master.gain.value = 0.25;
    master.connect(context.destination);
    const oscillators = data.notes.map(n => {
      const t0 = startAt + n.start * secondsPerBeat;
      const t1 = t0 + Math.max(0.05, n.beats * secondsPerBeat * 0.92);
      const osc = context.createOscillator();
      osc.type = 'triangle';
      osc.frequency.value = frequency(n.midi);
      const env = context.createGain();
      // A short attack and release: no clicks at note edges.
      env.gain.setValueAtTime(0, t0);
      env.gain.linearRampToValueAtTime(1, t0 + 0.01);
      env.gain.setValueAtTime(1, Math.max(t0 + 0.01, t1 - 0.04));
      env.gain.linearRampToValueAtTime(0, t1);
      osc.connect(env).connect(master);
      osc.start(t0);
      osc.stop(t1 + 0.01);
      return osc;
    });
    playback = { context, startAt, oscillators };
    playhead.setAttribute('visibility', 'visible');
    button.textContent = '■ Stop';
    wrap.dataset.state = 'playing';
    frame = requestAnimationFrame(follow);
  };
  button.addEventListener('click', () => (playback ? stop() : play()));
  signal?.addEventListener('abort', stop);
  (wrap as HTMLElement & { stopPlayback?: () => void }).stopPlayback = stop;
  return wrap;
}
