import type { MqttClient } from 'mqtt';
import type { Random } from '../random';
import { JobsHttpClient, type JobsDataPlaneSender } from './jobs-http-client';
import { JobsMqttClient } from './jobs-mqtt-client';
import { OtaAgent, type OtaAgentOptions } from './ota-agent';

/** A vehicle's running OTA agent, whatever drives it. */
export interface VehicleOta {
  stop(): Promise<void>;
}

/** What a driver adds to an agent: its channel. */
export type AgentSettings = Omit<OtaAgentOptions, 'channel'>;

/**
 * The agent on the vehicle's own MQTT connection: it subscribes to its jobs topics, then looks
 * for work on every (re)connection (a clean session loses subscriptions and missed notices) and
 * on every `notify-next`.
 */
export function startMqttOta(
  client: MqttClient,
  thingName: string,
  settings: AgentSettings,
  requestTimeoutMs: number,
): VehicleOta {
  const channel = new JobsMqttClient(client, thingName, { requestTimeoutMs });
  const agent = new OtaAgent({ ...settings, channel });
  channel.onNotifyNext((execution) => agent.notifyNext(execution));
  let stopped = false;
  const onConnect = () => {
    channel.subscribe().then(
      () => agent.wake(),
      (error: unknown) => {
        if (!stopped) settings.onError?.(error);
      },
    );
  };
  client.on('connect', onConnect);
  if (client.connected) onConnect();
  return {
    async stop() {
      stopped = true;
      client.removeListener('connect', onConnect);
      await agent.stop();
    },
  };
}

/**
 * The agent over the HTTPS data plane: it polls every `pollIntervalMs`, jittered ±25 % and
 * starting at a random point of the first interval, so a large fleet does not poll in step.
 */
export function startHttpOta(
  dataPlane: JobsDataPlaneSender,
  thingName: string,
  settings: AgentSettings,
  pollIntervalMs: number,
  pollJitter: Random,
): VehicleOta {
  const agent = new OtaAgent({ ...settings, channel: new JobsHttpClient(dataPlane, thingName) });
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const schedule = (ms: number) => {
    timer = setTimeout(() => {
      if (stopped) return;
      agent.wake();
      schedule(pollIntervalMs * pollJitter.between(0.75, 1.25));
    }, ms);
  };
  schedule(pollIntervalMs * pollJitter.next());
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await agent.stop();
    },
  };
}
