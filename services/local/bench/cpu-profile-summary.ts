/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): the functions with the most self time,
 * the most inclusive time, and self time by area (package or source folder).
 *
 *   node --import tsx bench/cpu-profile-summary.ts /tmp/prof/CPU.*.cpuprofile [top=30] \
 *     [--from=SECONDS --to=SECONDS] [--callers=FUNCTION_NAME]
 *
 * `--from`/`--to` keep the samples of a window (seconds since the profile started), e.g. one
 * bench step; `--callers` lists the stacks (nearest non-native frames) that lead to a function.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
  };
  readonly children?: readonly number[];
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** `services/search-engine/src/index/shard.ts` → `search-engine/index`; packages by name. */
function areaOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const ours = /\/(services|simulators|index-mappings)\/(?:([^/]+)\/)?src\/(?:([^/]+)\/)?/.exec(
    url,
  );
  if (ours) {
    const pkgName = ours[1] === 'services' ? ours[2] : ours[1];
    return `${pkgName}/${ours[3]?.replace(/\.ts$/, '') ?? ''}`;
  }
  if (url.startsWith('node:')) return url.split('/')[0]!.replace(/:.*$/, ':') + url.slice(5);
  return url.replace(/^.*\/(?=[^/]+\/[^/]+$)/, '');
}

function shortUrl(url: string): string {
  return url.replace(/^file:\/\//, '').replace(/^.*?\/(services|simulators|node_modules)\//, '$1/');
}

function main(): void {
  const args = process.argv.slice(2);
  const option = (name: string) =>
    args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const [file, topArg] = args.filter((a) => !a.startsWith('--'));
  if (!file) throw new Error('usage: cpu-profile-summary.ts <file.cpuprofile> [top] [--from=s]');
  const top = Number(topArg ?? 30);
  const from = Number(option('from') ?? 0) * 1e6;
  const to = Number(option('to') ?? Infinity) * 1e6;
  const callersOf = option('callers');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const key = (n: ProfileNode) =>
    `${n.callFrame.functionName || '(anonymous)'}  ${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const areas = new Map<string, number>();
  const callers = new Map<string, number>();
  let total = 0;
  let idle = 0;
  let clock = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    clock += dt;
    if (clock < from || clock > to) return;
    const node = byId.get(id)!;
    if (callersOf !== undefined && node.callFrame.functionName === callersOf) {
      const frames: string[] = [];
      for (let at = parent.get(id); at !== undefined && frames.length < 4; at = parent.get(at)) {
        const frame = byId.get(at)!;
        if (frame.callFrame.url.startsWith('node:') || frame.callFrame.url === '') continue;
        frames.push(key(frame));
      }
      const stack = frames.join('\n              ← ');
      callers.set(stack, (callers.get(stack) ?? 0) + dt);
    }
    total += dt;
    if (node.callFrame.functionName === '(idle)') idle += dt;
    self.set(key(node), (self.get(key(node)) ?? 0) + dt);
    const area = areaOf(node.callFrame.url, node.callFrame.functionName);
    areas.set(area, (areas.get(area) ?? 0) + dt);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const k = key(byId.get(at)!);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
    }
  });
  const busy = total - idle;
  const pct = (us: number) => `${((100 * us) / busy).toFixed(1).padStart(5)}%`;
  const ms = (us: number) => `${Math.round(us / 1000)}`.padStart(7);
  const print = (title: string, map: Map<string, number>, skip: (k: string) => boolean) => {
    console.log(`\n${title}`);
    [...map]
      .filter(([k]) => !skip(k))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .forEach(([k, us]) => console.log(`${ms(us)} ms ${pct(us)}  ${k}`));
  };
  console.log(
    `${file}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy ` +
      `(${((100 * busy) / total).toFixed(0)}%); percentages are of busy time`,
  );
  print('Self time by area', areas, (k) => k === '(idle)');
  print('Self time by function', self, (k) => k.startsWith('(idle)'));
  print('Inclusive time by function', inclusive, (k) => /^\((idle|root|program)\)/.test(k));
  if (callersOf !== undefined) print(`Callers of ${callersOf}`, callers, () => false);
}

main();
