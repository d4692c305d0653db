// `cdk synth` / `cdk deploy` entry point (see cdk.json); the CLI synthesises the app on exit.
import { createFleetApp } from '../src/fleet-app';

createFleetApp();
