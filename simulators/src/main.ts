import { CliUsageError, USAGE, parseCli, type CliCommand } from './cli-options';
import { loadConfig } from './config';
import type { DeviceCertificateProvisioner } from './device-certificate-provisioner';
import { PreflightError } from './preflight-error';
import type { FleetErrorEvent } from './start-fleet';
import { startFleet } from './start-fleet';
import { statusLine } from './status-line';

const STATUS_EVERY_MS = 5_000;
/** Errors printed per stage between two status lines; the counters have the rest. */
const ERRORS_SHOWN_PER_WINDOW = 3;

function readCommandLine(): CliCommand {
  try {
    return parseCli(process.argv.slice(2), loadConfig());
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    console.error(`simulate: ${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
}

/** Says what the certificate step did, once it has run. */
function reportingCertificates(
  provisioner: DeviceCertificateProvisioner,
): DeviceCertificateProvisioner {
  return {
    ...provisioner,
    async ensure(thingNames) {
      const summary = await provisioner.ensure(thingNames);
      console.log(
        `Device certificates in ${provisioner.certDir}: ${summary.created.length} created with ` +
          `policy ${provisioner.policyName}, ${summary.reused.length} already there`,
      );
      return summary;
    },
  };
}

async function main() {
  const command = readCommandLine();
  if (command.kind === 'help') {
    console.log(USAGE);
    return;
  }
  const { flags, fleet: options } = command;
  const shown = new Map<string, number>();
  const onError = ({ thingName, stage, error }: FleetErrorEvent) => {
    const count = shown.get(stage) ?? 0;
    shown.set(stage, count + 1);
    if (count < ERRORS_SHOWN_PER_WINDOW) {
      console.error(
        `  ${stage} error (${thingName}): ${(error as Error).message ?? String(error)}`,
      );
    }
  };
  const target = options.aws ? `AWS IoT Core ${options.aws.endpoint}` : options.brokerUrl;
  const ota = flags['no-ota']
    ? '; no OTA agent'
    : `; OTA agent over ${flags['ota-transport']} (${flags['ota-duration']} ms installs, ` +
      `failure rate ${flags['ota-failure-rate']})`;
  console.log(
    `Simulating ${flags.vehicles} vehicles (seed ${flags.seed}, every ${flags.interval} ms) on ${target}` +
      (options.provisioner ? '; registering things first' : '') +
      (options.deviceCertificates ? '; creating missing device certificates' : '') +
      ota,
  );
  const { deviceCertificates } = options;
  const fleet = await startFleet({
    ...options,
    ...(deviceCertificates
      ? { deviceCertificates: reportingCertificates(deviceCertificates) }
      : {}),
    onError,
  });

  let previous = fleet.stats();
  let previousAt = Date.now();
  const status = setInterval(() => {
    const now = Date.now();
    const current = fleet.stats();
    console.log(statusLine(previous, current, (now - previousAt) / 1000));
    previous = current;
    previousAt = now;
    shown.clear();
  }, STATUS_EVERY_MS);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      console.error(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    clearInterval(status);
    console.log(`${signal}: disconnecting ${flags.vehicles} vehicles…`);
    void fleet.stop().then(() => {
      console.log(statusLine(undefined, fleet.stats(), 0));
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (error instanceof PreflightError) {
    // Found before anything was created: reported, with the exit code, as a bad flag is.
    console.error(`simulate: ${error.message}`);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
