import type { Engine } from '../engine';
import { settingsToJson } from '../index/index-settings';
import type { Shard } from '../index/shard';
import { jsonBody } from './request-body';
import type { Router } from './router';

const ADMIN_PARAMS = [
  'timeout',
  'master_timeout',
  'cluster_manager_timeout',
  'wait_for_active_shards',
];
const EXPAND_PARAMS = [
  'ignore_unavailable',
  'allow_no_indices',
  'expand_wildcards',
  'local',
  'include_defaults',
  'flat_settings',
];

export function registerIndexRoutes(router: Router, engine: Engine): void {
  const settingsOf = (shard: Shard) =>
    settingsToJson(shard.settings, {
      uuid: shard.uuid,
      provided_name: shard.name,
      creation_date: String(shard.createdAt),
      'version.created': '136377827',
    });

  router.add('PUT', '/{index}', ADMIN_PARAMS, async (req) => {
    const shard = engine.createIndex(req.pathParams.index!, jsonBody(req.body));
    await engine.commit();
    return {
      status: 200,
      body: { acknowledged: true, shards_acknowledged: true, index: shard.name },
    };
  });

  router.add('HEAD', '/{index}', EXPAND_PARAMS, (req) => {
    const found = engine.resolve(req.pathParams.index, { ignoreUnavailable: true }).length > 0;
    return { status: found ? 200 : 404 };
  });

  router.add('GET', '/{index}', EXPAND_PARAMS, (req) => ({
    status: 200,
    body: Object.fromEntries(
      engine
        .resolve(req.pathParams.index)
        .map((s) => [
          s.name,
          { aliases: {}, mappings: s.mapping.toJson(), settings: settingsOf(s) },
        ]),
    ),
  }));

  router.add('DELETE', '/{index}', [...ADMIN_PARAMS, ...EXPAND_PARAMS], async (req) => {
    for (const shard of engine.resolve(req.pathParams.index, {
      ignoreUnavailable: req.params.ignore_unavailable === 'true',
    })) {
      engine.deleteIndex(shard);
    }
    await engine.commit();
    return { status: 200, body: { acknowledged: true } };
  });

  const getMapping = (index?: string) => ({
    status: 200,
    body: Object.fromEntries(
      engine.resolve(index).map((s) => [s.name, { mappings: s.mapping.toJson() }]),
    ),
  });
  router.add('GET', '/_mapping', EXPAND_PARAMS, () => getMapping());
  router.add('GET', '/{index}/_mapping', EXPAND_PARAMS, (req) => getMapping(req.pathParams.index));

  router.add(
    ['PUT', 'POST'],
    '/{index}/_mapping',
    [...ADMIN_PARAMS, ...EXPAND_PARAMS, 'write_index_only'],
    async (req) => {
      const body = jsonBody(req.body, true);
      const shards = engine.resolve(req.pathParams.index);
      // Validate against every index first so a conflict changes nothing.
      for (const shard of shards) shard.mapping.merge(body);
      for (const shard of shards) engine.putMapping(shard, body);
      await engine.commit();
      return { status: 200, body: { acknowledged: true } };
    },
  );

  const getSettings = (index?: string) => ({
    status: 200,
    body: Object.fromEntries(
      engine.resolve(index).map((s) => [s.name, { settings: settingsOf(s) }]),
    ),
  });
  router.add('GET', '/_settings', EXPAND_PARAMS, () => getSettings());
  router.add('GET', '/{index}/_settings', EXPAND_PARAMS, (req) =>
    getSettings(req.pathParams.index),
  );
}
