import type { AwsJsonService } from '../edge/emulated-service';
import { SSM_VALIDATION, parseRequest } from '../edge/request-validation';
import type { ParameterStore } from './parameter-store';
import {
  deleteParameterRequest,
  getParameterRequest,
  getParametersByPathRequest,
  getParametersRequest,
  putParameterRequest,
} from './ssm-requests';

/** Parameter Store on the wire: awsJson1_1, `X-Amz-Target: AmazonSSM.{Operation}`. */
export function ssmService(store: ParameterStore): AwsJsonService {
  return {
    signingName: 'ssm',
    protocol: 'awsJson1_1',
    targetPrefix: 'AmazonSSM',
    operations: {
      GetParameter: (body) =>
        store.getParameter(parseRequest(getParameterRequest, body, SSM_VALIDATION)),
      GetParameters: (body) =>
        store.getParameters(parseRequest(getParametersRequest, body, SSM_VALIDATION)),
      GetParametersByPath: (body) =>
        store.getParametersByPath(parseRequest(getParametersByPathRequest, body, SSM_VALIDATION)),
      PutParameter: (body) =>
        store.putParameter(parseRequest(putParameterRequest, body, SSM_VALIDATION)),
      DeleteParameter: (body) =>
        store.deleteParameter(parseRequest(deleteParameterRequest, body, SSM_VALIDATION)),
    },
  };
}
