// Derivative-free minimisation and the curvature at the minimum, for maximum-likelihood fits.

export interface MinimizeOptions {
  /** Initial simplex edge length along each axis (in the parameters' own units, here log-parameters). */
  initialStep?: number;
  /** Converged when the simplex's function values span less than this (absolute)... */
  functionTolerance?: number;
  /** ...and every vertex is within this of the best one (max-norm). */
  pointTolerance?: number;
  /** Hard cap on function evaluations over all restarts. */
  maxEvaluations?: number;
  /** Restart from the best point until a restart improves f by less than functionTolerance. */
  maxRestarts?: number;
  /** Give up as soon as this holds for the best vertex (e.g. it has left the region of interest). */
  abandon?: (best: readonly number[]) => boolean;
}

export interface MinimizeResult {
  x: number[];
  fx: number;
  evaluations: number;
  restarts: number;
  /** false when the evaluation cap or `abandon` stopped the search before the tolerances were met. */
  converged: boolean;
  /** true when `abandon` stopped the search. */
  abandoned: boolean;
}

/**
 * Nelder–Mead with the dimension-adaptive coefficients of Gao & Han (2012) and restarts from the best
 * vertex: a fresh simplex undoes the collapse that makes plain Nelder–Mead stall on long curved
 * valleys, and the restart that no longer improves is the convergence certificate.
 * Non-finite function values are treated as +∞ (the point is rejected).
 */
export function minimizeNelderMead(f: (x: number[]) => number, x0: number[], options: MinimizeOptions = {}): MinimizeResult {
  const {
    initialStep = 0.5,
    functionTolerance = 1e-10,
    pointTolerance = 1e-8,
    maxEvaluations = 20_000,
    maxRestarts = 20,
    abandon = () => false,
  } = options;
  let evaluations = 0;
  const value = (x: number[]) => {
    evaluations++;
    const v = f(x);
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };

  let best = x0.slice();
  let fBest = value(best);
  let restarts = 0;
  let step = initialStep;
  for (;;) {
    const run = nelderMeadRun(value, best, fBest, step, functionTolerance, pointTolerance, () => evaluations < maxEvaluations, abandon);
    const improvement = fBest - run.fx;
    best = run.x;
    fBest = run.fx;
    if (!run.converged) return { x: best, fx: fBest, evaluations, restarts, converged: false, abandoned: run.abandoned };
    if (restarts > 0 && improvement <= functionTolerance) break;
    if (restarts >= maxRestarts) return { x: best, fx: fBest, evaluations, restarts, converged: false, abandoned: false };
    restarts++;
    step = Math.max(initialStep / 10, 1e-3);
  }
  return { x: best, fx: fBest, evaluations, restarts, converged: Number.isFinite(fBest), abandoned: false };
}

function nelderMeadRun(
  value: (x: number[]) => number,
  start: number[],
  fStart: number,
  step: number,
  functionTolerance: number,
  pointTolerance: number,
  budgetLeft: () => boolean,
  abandon: (best: readonly number[]) => boolean,
): { x: number[]; fx: number; converged: boolean; abandoned: boolean } {
  const n = start.length;
  const reflection = 1;
  const expansion = 1 + 2 / n;
  const contraction = 0.75 - 1 / (2 * n);
  const shrink = 1 - 1 / n;

  const simplex: number[][] = [start.slice()];
  const fs: number[] = [fStart];
  for (let i = 0; i < n; i++) {
    const vertex = start.slice();
    vertex[i] += step;
    simplex.push(vertex);
    fs.push(value(vertex));
  }
  const order = Array.from({ length: n + 1 }, (_, i) => i);
  const centroid = new Array<number>(n);
  const along = (coefficient: number, worst: number[]) => centroid.map((c, j) => c + coefficient * (c - worst[j]));

  for (;;) {
    order.sort((i, j) => fs[i] - fs[j]);
    const bestIndex = order[0];
    const worstIndex = order[n];
    const secondWorst = fs[order[n - 1]];
    const fBest = fs[bestIndex];
    let spread = 0;
    for (let k = 1; k <= n; k++) {
      const vertex = simplex[order[k]];
      for (let j = 0; j < n; j++) spread = Math.max(spread, Math.abs(vertex[j] - simplex[bestIndex][j]));
    }
    if (fs[worstIndex] - fBest <= functionTolerance && spread <= pointTolerance) {
      return { x: simplex[bestIndex].slice(), fx: fBest, converged: true, abandoned: false };
    }
    if (abandon(simplex[bestIndex])) return { x: simplex[bestIndex].slice(), fx: fBest, converged: false, abandoned: true };
    if (!budgetLeft()) return { x: simplex[bestIndex].slice(), fx: fBest, converged: false, abandoned: false };

    centroid.fill(0);
    for (let k = 0; k < n; k++) {
      const vertex = simplex[order[k]];
      for (let j = 0; j < n; j++) centroid[j] += vertex[j] / n;
    }
    const worst = simplex[worstIndex];
    const reflected = along(reflection, worst);
    const fReflected = value(reflected);
    if (fReflected < fBest) {
      const expanded = along(expansion, worst);
      const fExpanded = value(expanded);
      if (fExpanded < fReflected) replace(worstIndex, expanded, fExpanded);
      else replace(worstIndex, reflected, fReflected);
    } else if (fReflected < secondWorst) {
      replace(worstIndex, reflected, fReflected);
    } else {
      const outside = fReflected < fs[worstIndex];
      const contracted = along(outside ? contraction : -contraction, worst);
      const fContracted = value(contracted);
      if (fContracted < (outside ? fReflected : fs[worstIndex])) {
        replace(worstIndex, contracted, fContracted);
      } else {
        const anchor = simplex[bestIndex];
        for (let k = 1; k <= n; k++) {
          const i = order[k];
          simplex[i] = simplex[i].map((v, j) => anchor[j] + shrink * (v - anchor[j]));
          fs[i] = value(simplex[i]);
        }
      }
    }
  }

  function replace(index: number, vertex: number[], fVertex: number) {
    simplex[index] = vertex;
    fs[index] = fVertex;
  }
}

/** Central-difference gradient. */
export function numericalGradient(f: (x: number[]) => number, x: number[], h = 1e-5): number[] {
  return x.map((_, i) => {
    const up = x.slice();
    const down = x.slice();
    up[i] += h;
    down[i] -= h;
    return (f(up) - f(down)) / (2 * h);
  });
}

/** Central-difference Hessian (symmetric; 2n² + 1 evaluations). */
export function numericalHessian(f: (x: number[]) => number, x: number[], h = 1e-4): number[][] {
  const n = x.length;
  const f0 = f(x);
  const at = (i: number, di: number, j: number, dj: number) => {
    const y = x.slice();
    y[i] += di;
    y[j] += dj;
    return f(y);
  };
  const hessian = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    hessian[i][i] = (at(i, h, i, 0) - 2 * f0 + at(i, -h, i, 0)) / (h * h);
    for (let j = 0; j < i; j++) {
      const v = (at(i, h, j, h) - at(i, h, j, -h) - at(i, -h, j, h) + at(i, -h, j, -h)) / (4 * h * h);
      hessian[i][j] = v;
      hessian[j][i] = v;
    }
  }
  return hessian;
}

/**
 * Inverse of a symmetric positive-definite matrix by Cholesky factorisation, or null when the matrix
 * is not positive definite (the point is not a strict minimum: no standard errors).
 */
export function invertPositiveDefinite(matrix: number[][]): number[][] | null {
  const n = matrix.length;
  const lower = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = matrix[i][j];
      for (let k = 0; k < j; k++) sum -= lower[i][k] * lower[j][k];
      if (i === j) {
        if (!(sum > 0)) return null;
        lower[i][i] = Math.sqrt(sum);
      } else {
        lower[i][j] = sum / lower[j][j];
      }
    }
  }
  // inverse = L⁻ᵀ L⁻¹, column by column.
  const inverse = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let col = 0; col < n; col++) {
    const y = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) {
      let sum = i === col ? 1 : 0;
      for (let k = 0; k < i; k++) sum -= lower[i][k] * y[k];
      y[i] = sum / lower[i][i];
    }
    for (let i = n - 1; i >= 0; i--) {
      let sum = y[i];
      for (let k = i + 1; k < n; k++) sum -= lower[k][i] * inverse[k][col];
      inverse[i][col] = sum / lower[i][i];
    }
  }
  return inverse;
}
