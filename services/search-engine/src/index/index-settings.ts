import { SearchEngineError, badRequest } from '../errors';
import { show } from '../util/show';
import { parseTimeValue } from '../util/time-value';
import type { IndexSettings } from './shard';

const KNOWN_SETTINGS = new Set([
  'number_of_shards',
  'number_of_replicas',
  'refresh_interval',
  'max_result_window',
  'auto_expand_replicas',
  'codec',
  'translog.durability',
  'translog.sync_interval',
  'mapping.total_fields.limit',
  'mapping.nested_fields.limit',
  'mapping.nested_objects.limit',
  'mapping.depth.limit',
]);

/** Flattens `{index: {a: {b: 1}}}`, `{a: 1}` and `{"index.a": 1}` into `a`-style keys. */
function flatten(
  value: unknown,
  prefix = '',
  out: Record<string, unknown> = {},
): Record<string, unknown> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      flatten(v, prefix ? `${prefix}.${k}` : k, out);
    }
  } else if (prefix) {
    out[prefix.startsWith('index.') ? prefix.slice(6) : prefix] = value;
  }
  return out;
}

export function parseIndexSettings(raw: unknown): IndexSettings {
  const flat = flatten(raw ?? {});
  for (const key of Object.keys(flat)) {
    if (!KNOWN_SETTINGS.has(key)) {
      throw new SearchEngineError(
        400,
        'illegal_argument_exception',
        `unknown setting [index.${key}] please check that any required plugins are installed, or check the breaking changes documentation for removed settings`,
      );
    }
  }
  const int = (key: string, fallback: number, min: number) => {
    const v = flat[key] === undefined ? fallback : Number(flat[key]);
    if (!Number.isInteger(v) || v < min) {
      throw badRequest(
        `Failed to parse value [${String(flat[key])}] for setting [index.${key}] must be >= ${min}`,
      );
    }
    return v;
  };
  return {
    numberOfShards: int('number_of_shards', 1, 1),
    numberOfReplicas: int('number_of_replicas', 1, 0),
    refreshIntervalMs:
      flat.refresh_interval === undefined
        ? 1000
        : parseTimeValue(show(flat.refresh_interval), 'index.refresh_interval'),
    raw: flat,
  };
}

/** GET _settings form: every value as a string, under `index`. */
export function settingsToJson(
  settings: IndexSettings,
  extra: Record<string, string>,
): Record<string, unknown> {
  const index: Record<string, unknown> = {};
  const put = (path: string, value: string) => {
    const parts = path.split('.');
    let target = index;
    for (const p of parts.slice(0, -1)) target = (target[p] ??= {}) as Record<string, unknown>;
    target[parts[parts.length - 1]!] = value;
  };
  for (const [k, v] of Object.entries(settings.raw)) put(k, String(v));
  put('number_of_shards', String(settings.numberOfShards));
  put('number_of_replicas', String(settings.numberOfReplicas));
  for (const [k, v] of Object.entries(extra)) put(k, v);
  return { index };
}
