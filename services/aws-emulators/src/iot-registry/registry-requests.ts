import { z } from 'zod';
import { awsString, queryBoolean, queryInteger } from '../edge/aws-shapes';
import {
  ATTRIBUTE_NAME_PATTERN,
  ATTRIBUTE_VALUE_PATTERN,
  RESOURCE_NAME_PATTERN,
} from './iot-names';

/** Request shapes of the registry operations, with the IoT model's constraints. */

export const resourceName = awsString({ min: 1, max: 128, pattern: RESOURCE_NAME_PATTERN });
const attributeName = awsString({ min: 1, max: 128, pattern: ATTRIBUTE_NAME_PATTERN });
const attributeValue = awsString({ max: 800, pattern: ATTRIBUTE_VALUE_PATTERN });
const description = awsString({ max: 2028 });
export const tags = z.array(z.object({ Key: awsString({ min: 1, max: 128 }), Value: z.string() }));

const attributePayload = z.object({
  attributes: z.record(attributeName, attributeValue).optional(),
  merge: z.boolean().optional(),
});

export const thingNameLabel = z.object({ thingName: resourceName });
export const thingTypeNameLabel = z.object({ thingTypeName: resourceName });
export const thingGroupNameLabel = z.object({ thingGroupName: resourceName });

export const createThingRequest = z.object({
  thingTypeName: resourceName.optional(),
  attributePayload: attributePayload.optional(),
  billingGroupName: resourceName.optional(),
});
export type CreateThingRequest = z.output<typeof createThingRequest>;

export const updateThingRequest = z.object({
  thingTypeName: resourceName.optional(),
  attributePayload: attributePayload.optional(),
  expectedVersion: z.number().int().optional(),
  removeThingType: z.boolean().optional(),
});
export type UpdateThingRequest = z.output<typeof updateThingRequest>;

export const deleteThingQuery = z.object({
  expectedVersion: queryInteger().optional(),
});

const maxResults = queryInteger({ min: 1, max: 250 });

export const listThingsQuery = z.object({
  nextToken: z.string().optional(),
  maxResults: maxResults.optional(),
  attributeName: attributeName.optional(),
  attributeValue: attributeValue.optional(),
  thingTypeName: resourceName.optional(),
  usePrefixAttributeValue: queryBoolean().optional(),
});
export type ListThingsQuery = z.output<typeof listThingsQuery>;

export const createThingTypeRequest = z.object({
  thingTypeProperties: z
    .object({
      thingTypeDescription: description.optional(),
      searchableAttributes: z
        .array(attributeName)
        .max(3, 'Member must have length less than or equal to 3')
        .optional(),
      mqtt5Configuration: z.unknown().optional(),
    })
    .optional(),
  tags: tags.optional(),
});
export type CreateThingTypeRequest = z.output<typeof createThingTypeRequest>;

export const createThingGroupRequest = z.object({
  parentGroupName: resourceName.optional(),
  thingGroupProperties: z
    .object({
      thingGroupDescription: description.optional(),
      attributePayload: attributePayload.optional(),
    })
    .optional(),
  tags: tags.optional(),
});
export type CreateThingGroupRequest = z.output<typeof createThingGroupRequest>;

export const addThingToThingGroupRequest = z.object({
  thingGroupName: resourceName.optional(),
  thingGroupArn: z.string().optional(),
  thingName: resourceName.optional(),
  thingArn: z.string().optional(),
  overrideDynamicGroups: z.boolean().optional(),
});
export type AddThingToThingGroupRequest = z.output<typeof addThingToThingGroupRequest>;

export const listThingsInThingGroupQuery = z.object({
  recursive: queryBoolean().optional(),
  nextToken: z.string().optional(),
  maxResults: maxResults.optional(),
});
export type ListThingsInThingGroupQuery = z.output<typeof listThingsInThingGroupQuery>;

export const updateEventConfigurationsRequest = z.object({
  eventConfigurations: z
    .record(z.string(), z.object({ Enabled: z.boolean().optional() }))
    .optional(),
});
export type UpdateEventConfigurationsRequest = z.output<typeof updateEventConfigurationsRequest>;
