import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from 'cognito-local/lib/server/config';
import { createServer } from 'cognito-local/lib/server/server';
import type { Services } from 'cognito-local/lib/services';
import { DateClock } from 'cognito-local/lib/services/clock';
import { CognitoServiceFactoryImpl } from 'cognito-local/lib/services/cognitoService';
import { StormDBDataStoreFactory } from 'cognito-local/lib/services/dataStore/stormDb';
import { ConsoleMessageSender } from 'cognito-local/lib/services/messageDelivery/consoleMessageSender';
import { MessageDeliveryService } from 'cognito-local/lib/services/messageDelivery/messageDelivery';
import { MessagesService } from 'cognito-local/lib/services/messages';
import { otp } from 'cognito-local/lib/services/otp';
import { JwtTokenGenerator, type TokenConfig } from 'cognito-local/lib/services/tokenGenerator';
import { TriggersService } from 'cognito-local/lib/services/triggers';
import { UserPoolServiceFactoryImpl } from 'cognito-local/lib/services/userPoolService';
import { cognitoLocalLogger } from './cognito-local-logger';
import { cognitoRouter } from './cognito-router';
import { noTriggerCrypto, noTriggers } from './no-triggers';
import { SerializedDataStoreFactory } from './serialized-data-store';

/** cognito-local's usual port, where the console expects Cognito in local mode. */
export const DEFAULT_COGNITO_PORT = 9229;

export interface CognitoLocalOptions {
  readonly host: string;
  /** `DEFAULT_COGNITO_PORT` by convention; 0 picks a free port. */
  readonly port: number;
  /** A directory of its own (e.g. `.data/cognito`): every `*.json` in it but `clients.json` is a user pool. */
  readonly dataDir: string;
  readonly log?: (message: string) => void;
}

export interface CognitoLocal {
  /** The Cognito endpoint (`http://host:port`); token issuers are `${endpoint}/${userPoolId}`. */
  readonly endpoint: string;
  close(): Promise<void>;
}

/**
 * Runs cognito-local in-process. Its `createDefaultServer` keeps data in the working directory's
 * `.cognito` and reads its port and issuer from the environment, so this assembles the same
 * services (from its `lib/`, pinned by the lockfile) around `dataDir` and the bound address.
 */
export async function startCognitoLocal(options: CognitoLocalOptions): Promise<CognitoLocal> {
  const log = options.log ?? ((message: string) => console.log(`[cognito] ${message}`));
  const logger = cognitoLocalLogger(log);
  const ctx = { logger };
  await mkdir(options.dataDir, { recursive: true });

  const clock = new DateClock();
  const dataStores = new SerializedDataStoreFactory(new StormDBDataStoreFactory(options.dataDir));
  const config: Config = {
    LambdaClient: {},
    TriggerFunctions: {},
    // As cognito-local's default and the deployed pool: users sign in with their e-mail address.
    UserPoolDefaults: { UsernameAttributes: ['email'] },
    // Filled in once the port is bound (the token generator reads it per token).
    TokenConfig: {},
    ServerConfig: { hostname: options.host, port: options.port, https: false },
  };
  const tokenConfig: TokenConfig = config.TokenConfig;
  const cognito = await new CognitoServiceFactoryImpl(
    options.dataDir,
    dataStores,
    new UserPoolServiceFactoryImpl(clock, dataStores),
  ).create(ctx, config.UserPoolDefaults);
  const triggers = new TriggersService(clock, cognito, noTriggers, noTriggerCrypto);
  const services: Services = {
    clock,
    cognito,
    config,
    messages: new MessagesService(triggers, new MessageDeliveryService(new ConsoleMessageSender())),
    otp,
    tokenGenerator: new JwtTokenGenerator(clock, triggers, tokenConfig),
    triggers,
  };

  const server = (await createServer(
    cognitoRouter(services),
    logger,
    config.ServerConfig,
    services,
  ).start()) as Server;
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://${options.host}:${port}`;
  tokenConfig.IssuerDomain = endpoint;

  return {
    endpoint,
    async close() {
      await closeServer(server);
      await dataStores.idle();
    },
  };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    // Keep-alive sockets of SDK clients would otherwise hold the server open.
    server.closeAllConnections();
  });
}
