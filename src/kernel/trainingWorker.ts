// Training worker entry: one per kernel, started by the kernel worker (trainingClient.ts). It owns
// ONNX Runtime and the trainers; its blocking session.run calls never touch the extension host's
// thread or the kernel's.
import { workerData } from 'node:worker_threads';
import type { TrainingWorkerData } from '../protocol/training';
import { runTrainingServer } from './trainingServer';

runTrainingServer(workerData as TrainingWorkerData);
