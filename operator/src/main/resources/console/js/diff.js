// A line diff (longest common subsequence) of two texts, for comparing task definition revisions.

/** [{kind: ' ' | '-' | '+', line}] turning a into b. */
export function diffLines(a, b) {
  const x = a.split('\n');
  const y = b.split('\n');
  const n = x.length;
  const m = y.length;
  // lengths[i][j]: the longest common subsequence of x[i..] and y[j..].
  const lengths = Array.from({length: n + 1}, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[i][j] = x[i] === y[j] ? lengths[i + 1][j + 1] + 1 : Math.max(lengths[i + 1][j], lengths[i][j + 1]);
    }
  }
  const out = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (x[i] === y[j]) {
      out.push({kind: ' ', line: x[i]});
      i++;
      j++;
    } else if (lengths[i + 1][j] >= lengths[i][j + 1]) {
      out.push({kind: '-', line: x[i++]});
    } else {
      out.push({kind: '+', line: y[j++]});
    }
  }
  while (i < n) out.push({kind: '-', line: x[i++]});
  while (j < m) out.push({kind: '+', line: y[j++]});
  return out;
}
