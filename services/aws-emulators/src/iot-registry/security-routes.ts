import { IOT_VALIDATION, parseRequest } from '../edge/request-validation';
import type { RestJsonInput, RestJsonRoute } from '../edge/rest-json-route';
import type { IotSecurity } from './open-iot-security';
import { bodyOf, queryOf, thingName } from './route-inputs';
import {
  attachPolicyRequest,
  certificateIdLabel,
  createKeysAndCertificateQuery,
  createPolicyRequest,
  listAttachedPoliciesQuery,
  listThingPrincipalsQuery,
  policyNameLabel,
  targetLabel,
  thingPrincipalRequest,
} from './security-requests';

const policyName = (input: RestJsonInput) =>
  parseRequest(policyNameLabel, input.params, IOT_VALIDATION).policyName;
const certificateId = (input: RestJsonInput) =>
  parseRequest(certificateIdLabel, input.params, IOT_VALIDATION).certificateId;

/** The principal travels in a header; validated as the member it is, so errors name `principal`. */
const thingPrincipal = (input: RestJsonInput) => {
  const header = input.headers['x-amzn-principal'];
  return parseRequest(
    thingPrincipalRequest,
    { principal: Array.isArray(header) ? header[0] : header, ...queryOf(input) },
    IOT_VALIDATION,
  );
};

/** Certificates, policies and thing principals on IoT's control plane (signing name `iot`). */
export function securityRoutes(security: IotSecurity): RestJsonRoute[] {
  const { certificates, policies, thingPrincipals } = security;
  return [
    {
      operation: 'CreatePolicy',
      method: 'POST',
      path: '/policies/{policyName}',
      handle: (input) => ({
        body: policies.createPolicy(
          policyName(input),
          parseRequest(createPolicyRequest, bodyOf(input), IOT_VALIDATION),
        ),
      }),
    },
    {
      operation: 'GetPolicy',
      method: 'GET',
      path: '/policies/{policyName}',
      handle: (input) => ({ body: policies.getPolicy(policyName(input)) }),
    },
    {
      operation: 'DeletePolicy',
      method: 'DELETE',
      path: '/policies/{policyName}',
      handle: (input) => ({ body: policies.deletePolicy(policyName(input)) }),
    },
    {
      operation: 'AttachPolicy',
      method: 'PUT',
      path: '/target-policies/{policyName}',
      handle: (input) => {
        const name = policyName(input);
        const { target } = parseRequest(attachPolicyRequest, bodyOf(input), IOT_VALIDATION);
        return { body: policies.attachPolicy(name, target) };
      },
    },
    {
      operation: 'ListAttachedPolicies',
      method: 'POST',
      path: '/attached-policies/{target}',
      handle: (input) => ({
        body: policies.listAttachedPolicies(
          parseRequest(targetLabel, input.params, IOT_VALIDATION).target,
          parseRequest(listAttachedPoliciesQuery, queryOf(input), IOT_VALIDATION),
        ),
      }),
    },
    {
      operation: 'CreateKeysAndCertificate',
      method: 'POST',
      path: '/keys-and-certificate',
      handle: async (input) => {
        const query = parseRequest(createKeysAndCertificateQuery, queryOf(input), IOT_VALIDATION);
        return { body: await certificates.createKeysAndCertificate(query.setAsActive === true) };
      },
    },
    {
      operation: 'DescribeCertificate',
      method: 'GET',
      path: '/certificates/{certificateId}',
      handle: (input) => ({ body: certificates.describeCertificate(certificateId(input)) }),
    },
    {
      operation: 'AttachThingPrincipal',
      method: 'PUT',
      path: '/things/{thingName}/principals',
      handle: (input) => ({
        body: thingPrincipals.attachThingPrincipal(thingName(input), thingPrincipal(input)),
      }),
    },
    {
      operation: 'DetachThingPrincipal',
      method: 'DELETE',
      path: '/things/{thingName}/principals',
      handle: (input) => ({
        body: thingPrincipals.detachThingPrincipal(thingName(input), thingPrincipal(input)),
      }),
    },
    {
      operation: 'ListThingPrincipals',
      method: 'GET',
      path: '/things/{thingName}/principals',
      handle: (input) => ({
        body: thingPrincipals.listThingPrincipals(
          thingName(input),
          parseRequest(listThingPrincipalsQuery, queryOf(input), IOT_VALIDATION),
        ),
      }),
    },
  ];
}
