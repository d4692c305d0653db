import type { Engine } from '../engine';
import type { Shard } from '../index/shard';
import type { Router } from './router';

export const ENGINE_VERSION = '2.17.0';
const CLUSTER_NAME = 'fleet-local';

function health(shards: readonly Shard[]): 'green' | 'yellow' {
  // A single node cannot place replicas, so any replica makes the cluster yellow, as in OpenSearch.
  return shards.some((s) => s.settings.numberOfReplicas > 0) ? 'yellow' : 'green';
}

function healthBody(shards: readonly Shard[], timedOut: boolean) {
  const primaries = shards.reduce((n, s) => n + s.settings.numberOfShards, 0);
  const unassigned = shards.reduce(
    (n, s) => n + s.settings.numberOfShards * s.settings.numberOfReplicas,
    0,
  );
  const total = primaries + unassigned;
  return {
    cluster_name: CLUSTER_NAME,
    status: health(shards),
    timed_out: timedOut,
    number_of_nodes: 1,
    number_of_data_nodes: 1,
    discovered_master: true,
    discovered_cluster_manager: true,
    active_primary_shards: primaries,
    active_shards: primaries,
    relocating_shards: 0,
    initializing_shards: 0,
    unassigned_shards: unassigned,
    delayed_unassigned_shards: 0,
    number_of_pending_tasks: 0,
    number_of_in_flight_fetch: 0,
    task_max_waiting_in_queue_millis: 0,
    active_shards_percent_as_number: total === 0 ? 100 : (primaries / total) * 100,
  };
}

const HEALTH_PARAMS = [
  'wait_for_status',
  'timeout',
  'level',
  'local',
  'wait_for_no_relocating_shards',
  'wait_for_active_shards',
  'wait_for_nodes',
  'wait_for_events',
  'wait_for_no_initializing_shards',
  'cluster_manager_timeout',
  'master_timeout',
  'expand_wildcards',
  'awareness_attribute',
  'ensure_node_commissioned',
];

export function registerClusterRoutes(
  router: Router,
  engine: Engine,
  nodeName: string,
  clusterUuid: string,
): void {
  router.add(['GET', 'HEAD'], '/', [], () => ({
    status: 200,
    body: {
      name: nodeName,
      cluster_name: CLUSTER_NAME,
      cluster_uuid: clusterUuid,
      version: {
        distribution: 'opensearch',
        number: ENGINE_VERSION,
        build_type: 'embedded',
        build_hash: 'fleet-search-engine',
        build_date: '2026-01-01T00:00:00.000Z',
        build_snapshot: false,
        lucene_version: '9.11.1',
        minimum_wire_compatibility_version: '7.10.0',
        minimum_index_compatibility_version: '7.0.0',
      },
      tagline: 'The OpenSearch Project: https://opensearch.org/',
    },
  }));

  const healthHandler = (index?: string, waitFor?: string) => {
    const shards = engine.resolve(index, { allowNoIndices: true });
    const status = health(shards);
    // Nothing changes while we wait on one node, so an unmet wait answers at once with 408.
    const unmet = waitFor === 'green' && status !== 'green';
    return { status: unmet ? 408 : 200, body: healthBody(shards, unmet) };
  };
  router.add('GET', '/_cluster/health', HEALTH_PARAMS, (req) =>
    healthHandler(undefined, req.params.wait_for_status),
  );
  router.add('GET', '/_cluster/health/{index}', HEALTH_PARAMS, (req) =>
    healthHandler(req.pathParams.index, req.params.wait_for_status),
  );

  const refreshHandler = (index?: string, ignoreUnavailable?: string) => {
    const shards = engine.resolve(index, { ignoreUnavailable: ignoreUnavailable === 'true' });
    for (const shard of shards) engine.refresh(shard);
    const total = shards.reduce(
      (n, s) => n + s.settings.numberOfShards * (1 + s.settings.numberOfReplicas),
      0,
    );
    const successful = shards.reduce((n, s) => n + s.settings.numberOfShards, 0);
    return { status: 200, body: { _shards: { total, successful, failed: 0 } } };
  };
  const refreshParams = ['ignore_unavailable', 'allow_no_indices', 'expand_wildcards'];
  router.add(['GET', 'POST'], '/_refresh', refreshParams, (req) =>
    refreshHandler(undefined, req.params.ignore_unavailable),
  );
  router.add(['GET', 'POST'], '/{index}/_refresh', refreshParams, (req) =>
    refreshHandler(req.pathParams.index, req.params.ignore_unavailable),
  );

  const catIndices = (index: string | undefined, params: Record<string, string>) => {
    const shards = engine.resolve(index).sort((a, b) => a.name.localeCompare(b.name));
    const rows = shards.map((s) => {
      const bytes =
        s.docs.size === 0 ? 208 : [...s.docs.values()].reduce((n, d) => n + d.source.length, 0);
      return {
        health: health([s]),
        status: 'open',
        index: s.name,
        uuid: s.uuid,
        pri: String(s.settings.numberOfShards),
        rep: String(s.settings.numberOfReplicas),
        'docs.count': String(s.docCount),
        'docs.deleted': String(s.deletedCount),
        'store.size': `${bytes}b`,
        'pri.store.size': `${bytes}b`,
      };
    });
    if (params.format === 'json') return { status: 200, body: rows };
    const columns = [
      'health',
      'status',
      'index',
      'uuid',
      'pri',
      'rep',
      'docs.count',
      'docs.deleted',
      'store.size',
      'pri.store.size',
    ] as const;
    const table = [
      ...(params.v === 'true' || params.v === '' ? [columns.map(String)] : []),
      ...rows.map((r) => columns.map((c) => r[c])),
    ];
    const widths = columns.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
    const text = table
      .map((row) =>
        row
          .map((cell, i) => cell.padEnd(widths[i]!))
          .join(' ')
          .trimEnd(),
      )
      .join('\n');
    return {
      status: 200,
      body: text + (text ? '\n' : ''),
      contentType: 'text/plain; charset=UTF-8',
    };
  };
  const catParams = [
    'format',
    'v',
    'expand_wildcards',
    'local',
    'cluster_manager_timeout',
    'master_timeout',
  ];
  router.add('GET', '/_cat/indices', catParams, (req) => catIndices(undefined, req.params));
  router.add('GET', '/_cat/indices/{index}', catParams, (req) =>
    catIndices(req.pathParams.index, req.params),
  );
}
