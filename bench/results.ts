import type { ImageLoadFigure } from './measure-image';
import type { Calibration } from './calibrate';
import type { EvaluateFigure, SessionFigure } from './measure-evaluate';
import type { FindingCostFigure } from './measure-finding-cost';
import type { WorkerCheckFigure } from './measure-worker-check';
import type { JreFigure } from './measure-jre';
import type { PackLoadFigure } from './measure-pack';
import type { Target } from './report';

/** Everything one run measured: printed to the console and written to artifacts/bench.json. */
export interface BenchResults {
  generatedAt: string;
  node: string;
  cpu: string;
  cores: number;
  loadAverage: { start: number; end: number };
  machine: Calibration;
  seed: number;
  base: string;
  packs: { rules: number; codeless: number; codes: number; prefixes: number; pools: { few: number; many: number; none: number }; kinds: Record<string, number> }[];
  evaluate: EvaluateFigure[];
  session: SessionFigure[];
  workerCheck: WorkerCheckFigure;
  findingCost: FindingCostFigure;
  packLoad: PackLoadFigure;
  imageLoad: ImageLoadFigure;
  jsonRulesEngine: JreFigure[];
  targets: Target[];
  totalSeconds: number;
}
