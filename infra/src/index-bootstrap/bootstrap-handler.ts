import { IndexMappingConflictError, ensureIndices } from '@fleet/index-mappings';
import type { createSearchClient } from '@fleet/search-client';

type SearchClient = ReturnType<typeof createSearchClient>;

/** An FGAC role with the IAM role ARNs mapped to it, as the construct passes it. */
export interface SecurityRoleMapping {
  readonly name: string;
  readonly clusterPermissions: readonly string[];
  readonly indexPatterns: readonly string[];
  readonly allowedActions: readonly string[];
  readonly backendRoles: readonly string[];
}

/** The custom resource's properties; CloudFormation turns numbers into strings. */
export interface IndexBootstrapProperties {
  /** Replicas for newly created indices; unset keeps the mapping files' value. */
  readonly Replicas?: string;
  /** Omitted where there is no security plugin (the embedded engine). */
  readonly SecurityRoles?: readonly SecurityRoleMapping[];
}

/** The subset of a CloudFormation custom resource event the handler reads. */
export interface IndexBootstrapEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: IndexBootstrapProperties;
}

export interface IndexBootstrapResult {
  readonly PhysicalResourceId: string;
  readonly Data?: Record<string, string>;
}

export interface IndexBootstrapDeps {
  readonly client: SearchClient;
  readonly log?: (message: string) => void;
}

/** One id for the whole set of indices: an update never replaces (and so never deletes) it. */
export const INDEX_BOOTSTRAP_PHYSICAL_ID = 'fleet-indices';

/**
 * The bootstrap custom resource's handler: on create and update, `ensureIndices` (idempotent),
 * then the FGAC roles and their mappings; a mapping conflict fails the deploy naming the index
 * and field. On delete it keeps the indices: they hold the fleet's data.
 */
export function createIndexBootstrapHandler(deps: IndexBootstrapDeps) {
  const log = deps.log ?? ((message: string) => console.log(message));
  return async (event: IndexBootstrapEvent): Promise<IndexBootstrapResult> => {
    if (event.RequestType === 'Delete') {
      log('delete: leaving the indices and role mappings in place');
      return { PhysicalResourceId: event.PhysicalResourceId ?? INDEX_BOOTSTRAP_PHYSICAL_ID };
    }
    const props = event.ResourceProperties;
    const replicas = props.Replicas === undefined ? undefined : Number(props.Replicas);
    let report;
    try {
      report = await ensureIndices(deps.client, replicas === undefined ? {} : { replicas });
    } catch (error) {
      if (error instanceof IndexMappingConflictError) {
        throw new Error(
          `Index bootstrap failed: the live indices need a reindex before this deploy. ${error.message}`,
        );
      }
      throw error;
    }
    log(JSON.stringify({ created: report.created, updated: report.updated }));

    for (const role of props.SecurityRoles ?? []) {
      const name = encodeURIComponent(role.name);
      await deps.client.transport.request({
        method: 'PUT',
        path: `/_plugins/_security/api/roles/${name}`,
        body: {
          cluster_permissions: role.clusterPermissions,
          index_permissions: [
            { index_patterns: role.indexPatterns, allowed_actions: role.allowedActions },
          ],
        },
      });
      // Replaces the whole mapping, so a role removed from the stack loses its access.
      await deps.client.transport.request({
        method: 'PUT',
        path: `/_plugins/_security/api/rolesmapping/${name}`,
        body: { backend_roles: role.backendRoles, hosts: [], users: [] },
      });
      log(`mapped ${role.backendRoles.length} role(s) to ${role.name}`);
    }
    return {
      PhysicalResourceId: INDEX_BOOTSTRAP_PHYSICAL_ID,
      Data: { Created: report.created.join(','), Updated: report.updated.join(',') },
    };
  };
}
