import { IOT_VALIDATION, parseRequest } from '../edge/request-validation';
import type { RestJsonInput, RestJsonRoute } from '../edge/rest-json-route';
import {
  addThingToThingGroupRequest,
  createThingGroupRequest,
  createThingRequest,
  createThingTypeRequest,
  deleteThingQuery,
  listThingsInThingGroupQuery,
  listThingsQuery,
  thingGroupNameLabel,
  thingTypeNameLabel,
  updateEventConfigurationsRequest,
  updateThingRequest,
} from './registry-requests';
import { bodyOf, queryOf, thingName } from './route-inputs';
import type { IotThingRegistry } from './thing-registry';

const thingTypeName = (input: RestJsonInput) =>
  parseRequest(thingTypeNameLabel, input.params, IOT_VALIDATION).thingTypeName;
const thingGroupName = (input: RestJsonInput) =>
  parseRequest(thingGroupNameLabel, input.params, IOT_VALIDATION).thingGroupName;

/** The registry's operations on IoT's control plane (signing name `iot`). */
export function registryRoutes(registry: IotThingRegistry): RestJsonRoute[] {
  return [
    {
      operation: 'CreateThing',
      method: 'POST',
      path: '/things/{thingName}',
      handle: async (input) => ({
        body: await registry.createThing(
          thingName(input),
          parseRequest(createThingRequest, bodyOf(input), IOT_VALIDATION),
        ),
      }),
    },
    {
      operation: 'DescribeThing',
      method: 'GET',
      path: '/things/{thingName}',
      handle: (input) => ({ body: registry.describeThing(thingName(input)) }),
    },
    {
      operation: 'UpdateThing',
      method: 'PATCH',
      path: '/things/{thingName}',
      handle: async (input) => ({
        body: await registry.updateThing(
          thingName(input),
          parseRequest(updateThingRequest, bodyOf(input), IOT_VALIDATION),
        ),
      }),
    },
    {
      operation: 'DeleteThing',
      method: 'DELETE',
      path: '/things/{thingName}',
      handle: async (input) => ({
        body: await registry.deleteThing(
          thingName(input),
          parseRequest(deleteThingQuery, queryOf(input), IOT_VALIDATION).expectedVersion,
        ),
      }),
    },
    {
      operation: 'ListThings',
      method: 'GET',
      path: '/things',
      handle: (input) => ({
        body: registry.listThings(parseRequest(listThingsQuery, queryOf(input), IOT_VALIDATION)),
      }),
    },
    {
      operation: 'CreateThingType',
      method: 'POST',
      path: '/thing-types/{thingTypeName}',
      handle: (input) => ({
        body: registry.createThingType(
          thingTypeName(input),
          parseRequest(createThingTypeRequest, bodyOf(input), IOT_VALIDATION),
        ),
      }),
    },
    {
      operation: 'DescribeThingType',
      method: 'GET',
      path: '/thing-types/{thingTypeName}',
      handle: (input) => ({ body: registry.describeThingType(thingTypeName(input)) }),
    },
    {
      operation: 'CreateThingGroup',
      method: 'POST',
      path: '/thing-groups/{thingGroupName}',
      handle: (input) => ({
        body: registry.createThingGroup(
          thingGroupName(input),
          parseRequest(createThingGroupRequest, bodyOf(input), IOT_VALIDATION),
        ),
      }),
    },
    {
      operation: 'DescribeThingGroup',
      method: 'GET',
      path: '/thing-groups/{thingGroupName}',
      handle: (input) => ({ body: registry.describeThingGroup(thingGroupName(input)) }),
    },
    {
      operation: 'AddThingToThingGroup',
      method: 'PUT',
      path: '/thing-groups/addThingToThingGroup',
      handle: async (input) => ({
        body: await registry.addThingToThingGroup(
          parseRequest(addThingToThingGroupRequest, bodyOf(input), IOT_VALIDATION),
        ),
      }),
    },
    {
      operation: 'ListThingsInThingGroup',
      method: 'GET',
      path: '/thing-groups/{thingGroupName}/things',
      handle: (input) => ({
        body: registry.listThingsInThingGroup(
          thingGroupName(input),
          parseRequest(listThingsInThingGroupQuery, queryOf(input), IOT_VALIDATION),
        ),
      }),
    },
    {
      operation: 'UpdateEventConfigurations',
      method: 'PATCH',
      path: '/event-configurations',
      handle: (input) => ({
        body: registry.updateEventConfigurations(
          parseRequest(updateEventConfigurationsRequest, bodyOf(input), IOT_VALIDATION),
        ),
      }),
    },
    {
      operation: 'DescribeEventConfigurations',
      method: 'GET',
      path: '/event-configurations',
      handle: () => ({ body: registry.describeEventConfigurations() }),
    },
  ];
}
